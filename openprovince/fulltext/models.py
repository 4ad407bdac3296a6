"""Documents indexed for ranked full-text search, and the vocabulary used to correct typos.

The database's own full-text index lives outside these models (migration 0002): on SQLite an
FTS5 table kept in step with `SearchDocument` by triggers, on PostgreSQL a generated
`search_vector` column with a GIN index. On SQLite, a later migration that makes Django
rebuild this table (most `AlterField`s do) drops the triggers with the old table; such a
migration must run `ddl.fulltext_index_uninstall`/`fulltext_index_install` and
`ddl.fulltext_title_index_uninstall`/`fulltext_title_index_install` after it (tests/fulltext
checks that the triggers exist). Migration 0003 adds a second index over `title_pairs`.
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    """One searchable thing (a question, a shop, an article), written by `fulltext_index`."""

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    # An optional filter inside a kind, such as a topic code.
    scope = models.CharField(max_length=64, blank=True)
    title = models.TextField()
    # Folded terms joined by single spaces, so SQLite and PostgreSQL split them the same way.
    folded_title = models.TextField()
    folded = models.TextField(help_text="Folded title and text: what search matches.")
    # Neighbouring title terms joined by "_" (`terms.term_pairs`): the title index.
    title_pairs = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="fulltext_doc_kind_key_uniq"),
        ]
        indexes = [models.Index(fields=["kind", "scope"], name="fulltext_doc_kind_scope_idx")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class SearchTerm(models.Model):
    """How many documents of a kind hold a term: the vocabulary for typo correction and the
    document frequencies for ranking. Kept by the services in the same transaction as the
    documents; `fulltext_vocabulary_rebuild` recounts it."""

    kind = models.CharField(max_length=40)
    term = models.CharField(max_length=64)
    docs = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "term"], name="fulltext_term_kind_term_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.term}={self.docs}"
