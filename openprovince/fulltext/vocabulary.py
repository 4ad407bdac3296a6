"""The terms of a kind and their document frequencies, cached in each process.

Vietnamese folded text has only a few thousand distinct syllables (names, numbers and codes
add some more), so a kind's vocabulary fits in a dict. A process looks for new terms at most
every `CHECK_SECONDS` (an indexed `max(id)` and a count of the kind's documents) and reloads
everything every `RELOAD_SECONDS`, which also refreshes the frequencies of known terms. The
services mark a kind stale after each write, so a process sees its own writes at once. Only
what is read outside a transaction is kept.
"""

from __future__ import annotations

import bisect
import math
import threading
import time
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Max

from .models import SearchDocument, SearchTerm

CHECK_SECONDS = 5.0
RELOAD_SECONDS = 300.0


@dataclass
class Vocabulary:
    docs: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    max_term_id: int = 0
    loaded_at: float = -math.inf
    checked_at: float = -math.inf
    _sorted: list[str] = field(default_factory=list)

    def df(self, term: str) -> int:
        return self.docs.get(term, 0)

    def idf(self, term: str) -> float:
        """BM25's inverse document frequency; an unknown term counts as the rarest."""
        df = self.docs.get(term, 0)
        total = max(self.documents, df)
        return math.log(1.0 + (total - df + 0.5) / (df + 0.5))

    def completions(self, prefix: str, count: int) -> list[str]:
        """The `count` most frequent terms that start with `prefix` and are longer."""
        if len(self._sorted) != len(self.docs):
            self._sorted = sorted(self.docs)
        start = bisect.bisect_right(self._sorted, prefix)
        found: list[tuple[int, str]] = []
        for term in self._sorted[start:]:
            if not term.startswith(prefix):
                break
            found.append((self.docs[term], term))
        return [term for _, term in sorted(found, reverse=True)[:count]]


_vocabularies: dict[str, Vocabulary] = {}
_lock = threading.Lock()


def vocabulary_get(*, kind: str) -> Vocabulary:
    now = time.monotonic()
    vocabulary = _vocabularies.get(kind)
    if vocabulary is not None and now - vocabulary.checked_at < CHECK_SECONDS:
        return vocabulary
    if connection.in_atomic_block:
        # What a transaction reads may yet be rolled back (every test is one): use it for
        # this search, never keep it.
        return _load(kind=kind, now=now)
    with _lock:
        vocabulary = _vocabularies.get(kind)
        if vocabulary is None or now - vocabulary.loaded_at >= RELOAD_SECONDS:
            vocabulary = _load(kind=kind, now=now)
        elif now - vocabulary.checked_at >= CHECK_SECONDS:
            vocabulary = _refresh(vocabulary, kind=kind, now=now)
        _vocabularies[kind] = vocabulary
    return vocabulary


def vocabulary_mark_stale(*, kind: str) -> None:
    """The next search of `kind` in this process checks the database for new terms."""
    vocabulary = _vocabularies.get(kind)
    if vocabulary is not None:
        vocabulary.checked_at = -math.inf


def vocabulary_mark_reload(*, kind: str) -> None:
    """The next search of `kind` in this process reloads every frequency: after a recount,
    known terms changed too, and a refresh only reads new ones."""
    vocabulary = _vocabularies.get(kind)
    if vocabulary is not None:
        vocabulary.loaded_at = vocabulary.checked_at = -math.inf


def vocabulary_forget() -> None:
    """Drop every cached vocabulary (tests; after a rebuild)."""
    with _lock:
        _vocabularies.clear()


def _max_term_id() -> int:
    return SearchTerm.objects.aggregate(last=Max("id"))["last"] or 0


def _load(*, kind: str, now: float) -> Vocabulary:
    max_term_id = _max_term_id()
    rows = SearchTerm.objects.filter(kind=kind, docs__gt=0, id__lte=max_term_id)
    return Vocabulary(
        docs=dict(rows.values_list("term", "docs")),
        documents=SearchDocument.objects.filter(kind=kind).count(),
        max_term_id=max_term_id,
        loaded_at=now,
        checked_at=now,
    )


def _refresh(vocabulary: Vocabulary, *, kind: str, now: float) -> Vocabulary:
    max_term_id = _max_term_id()
    if max_term_id < vocabulary.max_term_id:  # rows were deleted: start again
        return _load(kind=kind, now=now)
    if max_term_id > vocabulary.max_term_id:
        rows = SearchTerm.objects.filter(
            kind=kind, docs__gt=0, id__gt=vocabulary.max_term_id, id__lte=max_term_id
        )
        # A new dict, not an update: searches in other threads may be reading this one.
        vocabulary.docs = {**vocabulary.docs, **dict(rows.values_list("term", "docs"))}
        vocabulary.max_term_id = max_term_id
    vocabulary.documents = SearchDocument.objects.filter(kind=kind).count()
    vocabulary.checked_at = now
    return vocabulary
