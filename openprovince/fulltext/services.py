"""Writing to the full-text index: one document at a time, and a vocabulary recount."""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.db.models import F

from .models import SearchDocument, SearchTerm
from .terms import MAX_VOCABULARY_TERM, fulltext_terms, term_pairs, terms_expand
from .vocabulary import vocabulary_mark_reload, vocabulary_mark_stale

# PostgreSQL keeps at most 16,383 positions and 1 MB per tsvector; a search document needs
# far less than this to be found.
MAX_FOLDED_CHARS = 60_000


def search_document_build(
    *, kind: str, key: str, title: str, text: str, scope: str = ""
) -> SearchDocument:
    """The document `fulltext_index` stores, unsaved: for bulk loads (benches, imports), which
    then rebuild the vocabulary (`fulltext_vocabulary_rebuild`)."""
    title_terms = fulltext_terms(title)
    return SearchDocument(
        kind=kind,
        key=key,
        scope=scope,
        title=title,
        folded_title=" ".join(title_terms),
        folded=_truncate(" ".join([*title_terms, *fulltext_terms(text)])),
        title_pairs=" ".join(term_pairs(title_terms)),
    )


def fulltext_index(*, kind: str, key: str, title: str, text: str, scope: str = "") -> None:
    """Add or replace the document `key` of `kind`. Call it in the transaction that changes
    the source, so the index never shows a rolled-back version."""
    _check(kind=kind, key=key, scope=scope)
    built = search_document_build(kind=kind, key=key, title=title, text=text, scope=scope)
    folded_title, folded, title_pairs = built.folded_title, built.folded, built.title_pairs
    with transaction.atomic():
        document, created = SearchDocument.objects.select_for_update().get_or_create(
            kind=kind,
            key=key,
            defaults={
                "scope": scope,
                "title": title,
                "folded_title": folded_title,
                "folded": folded,
                "title_pairs": title_pairs,
            },
        )
        old_terms: set[str] = set()
        if not created:
            unchanged = (scope, title, folded, title_pairs)
            if (document.scope, document.title, document.folded, document.title_pairs) == unchanged:
                return  # unchanged: no write, no reindex
            old_terms = _vocabulary_terms(document.folded)
            document.scope = scope
            document.title = title
            document.folded_title = folded_title
            document.folded = folded
            document.title_pairs = title_pairs
            document.save()
        new_terms = _vocabulary_terms(folded)
        _count(kind=kind, added=new_terms - old_terms, removed=old_terms - new_terms)
    vocabulary_mark_stale(kind=kind)


def fulltext_remove(*, kind: str, key: str) -> None:
    """Remove the document `key` of `kind`, if it is indexed. Like `fulltext_index`, call it
    in the transaction that removes or hides the source."""
    with transaction.atomic():
        document = SearchDocument.objects.select_for_update().filter(kind=kind, key=key).first()
        if document is None:
            return
        document.delete()
        _count(kind=kind, added=set(), removed=_vocabulary_terms(document.folded))
    vocabulary_mark_stale(kind=kind)


def fulltext_vocabulary_rebuild(*, kind: str, batch_size: int = 2_000) -> int:
    """Recount the vocabulary of `kind` from its documents (after a bulk load or a repair);
    returns the number of distinct terms. Run it while nothing else indexes that kind: the
    documents are read before the counts are written. Rows are updated in place, never
    deleted, so other processes keep loading new terms by id."""
    counts: Counter[str] = Counter()
    folded_texts = SearchDocument.objects.filter(kind=kind).values_list("folded", flat=True)
    for folded in folded_texts.iterator(chunk_size=batch_size):
        counts.update(_vocabulary_terms(folded))
    with transaction.atomic():
        existing = dict(SearchTerm.objects.filter(kind=kind).values_list("term", "id"))
        SearchTerm.objects.bulk_create(
            [
                SearchTerm(kind=kind, term=term, docs=docs)
                for term, docs in sorted(counts.items())
                if term not in existing
            ],
            batch_size=batch_size,
        )
        stale = [
            SearchTerm(id=term_id, docs=counts.get(term, 0)) for term, term_id in existing.items()
        ]
        SearchTerm.objects.bulk_update(stale, ["docs"], batch_size=batch_size)
    # Other processes see the new counts at their next full reload (RELOAD_SECONDS).
    vocabulary_mark_reload(kind=kind)
    return len(counts)


def fulltext_refold(*, batch_size: int = 2_000) -> int:
    """Re-spell every stored document by the current rules of `terms` (after a change to
    ABBREVIATIONS) and recount each kind's vocabulary; returns the documents changed.
    The source texts are not needed: the rules apply to folded terms."""
    changed = []
    kinds = set()
    documents = SearchDocument.objects.only("id", "kind", "folded_title", "folded", "title_pairs")
    for document in documents.iterator(chunk_size=batch_size):
        title_terms = terms_expand(document.folded_title.split())
        folded = _truncate(" ".join(terms_expand(document.folded.split())))
        title_pairs = " ".join(term_pairs(title_terms))
        folded_title = " ".join(title_terms)
        if (folded_title, folded, title_pairs) != (
            document.folded_title,
            document.folded,
            document.title_pairs,
        ):
            document.folded_title, document.folded = folded_title, folded
            document.title_pairs = title_pairs
            changed.append(document)
            kinds.add(document.kind)
    with transaction.atomic():
        SearchDocument.objects.bulk_update(
            changed, ["folded_title", "folded", "title_pairs"], batch_size=batch_size
        )
    for kind in sorted(kinds):
        fulltext_vocabulary_rebuild(kind=kind, batch_size=batch_size)
    return len(changed)


def _check(*, kind: str, key: str, scope: str) -> None:
    # SQLite would store longer values silently and PostgreSQL refuse them: fail the same way.
    for name, value, longest in (("kind", kind, 40), ("key", key, 64), ("scope", scope, 64)):
        if len(value) > longest or (name != "scope" and not value):
            raise ValueError(f"full-text {name} must be 1 to {longest} characters: {value!r}")


def _truncate(folded: str) -> str:
    if len(folded) <= MAX_FOLDED_CHARS:
        return folded
    return folded[: MAX_FOLDED_CHARS + 1].rsplit(" ", 1)[0]  # never half a term


def _vocabulary_terms(folded: str) -> set[str]:
    return {term for term in folded.split(" ") if term and len(term) <= MAX_VOCABULARY_TERM}


def _count(*, kind: str, added: set[str], removed: set[str]) -> None:
    if added:
        SearchTerm.objects.bulk_create(
            [SearchTerm(kind=kind, term=term, docs=0) for term in sorted(added)],
            ignore_conflicts=True,
        )
    changed = sorted(added | removed)
    if not changed:
        return
    # Lock the rows in one order (by term) so two writers sharing terms cannot deadlock.
    rows = SearchTerm.objects.select_for_update().filter(kind=kind, term__in=changed)
    ids = dict(rows.order_by("term").values_list("term", "id"))
    if added:
        SearchTerm.objects.filter(id__in=[ids[t] for t in added if t in ids]).update(
            docs=F("docs") + 1
        )
    if removed:
        SearchTerm.objects.filter(id__in=[ids[t] for t in removed if t in ids]).update(
            docs=F("docs") - 1
        )
