"""The database-specific full-text indexes, installed by migrations 0002 (text) and 0003
(titles).

SQLite: an external-content FTS5 table over `fulltext_searchdocument.folded`, kept in step
by triggers, so every write path (services, bulk_create, update(), raw SQL) updates it in the
same transaction. PostgreSQL: a stored generated tsvector column over `folded` with a GIN
index; the `simple` configuration, as the text is already folded and Vietnamese has no
stemmer. Both index folded terms only, and are used to find documents, not to rank them.
Change these statements only together with a new migration: migration 0002 runs them as
they are. Migration 0006 turns the GIN indexes' pending list off (`fastupdate = off`).
"""

from __future__ import annotations

from typing import Any

SQLITE_INSTALL = [
    # `folded` holds terms already split and folded by `fulltext_terms`, joined by spaces.
    # The ascii tokenizer splits only on ASCII punctuation and spaces, so each of those terms
    # is exactly one token (unicode61's older Unicode tables split some letters Python keeps,
    # which would turn a query word into a phrase). detail=none: the index only answers
    # which documents hold a word (ranking happens in Python), at a sixth of the size.
    "CREATE VIRTUAL TABLE fulltext_fts USING fts5("
    "folded, content='fulltext_searchdocument', content_rowid='id', "
    "tokenize='ascii', detail=none)",
    "CREATE TRIGGER fulltext_fts_ai AFTER INSERT ON fulltext_searchdocument BEGIN "
    "INSERT INTO fulltext_fts(rowid, folded) VALUES (new.id, new.folded); END",
    "CREATE TRIGGER fulltext_fts_ad AFTER DELETE ON fulltext_searchdocument BEGIN "
    "INSERT INTO fulltext_fts(fulltext_fts, rowid, folded) "
    "VALUES ('delete', old.id, old.folded); END",
    "CREATE TRIGGER fulltext_fts_au AFTER UPDATE OF folded ON fulltext_searchdocument BEGIN "
    "INSERT INTO fulltext_fts(fulltext_fts, rowid, folded) "
    "VALUES ('delete', old.id, old.folded); "
    "INSERT INTO fulltext_fts(rowid, folded) VALUES (new.id, new.folded); END",
    # Rows written before the table existed (none on a fresh install, some after a rebuild).
    "INSERT INTO fulltext_fts(fulltext_fts) VALUES ('rebuild')",
]
SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS fulltext_fts_au",
    "DROP TRIGGER IF EXISTS fulltext_fts_ad",
    "DROP TRIGGER IF EXISTS fulltext_fts_ai",
    "DROP TABLE IF EXISTS fulltext_fts",
]
SQLITE_TRIGGERS = ("fulltext_fts_ai", "fulltext_fts_ad", "fulltext_fts_au")

POSTGRESQL_INSTALL = [
    # Stored, not an expression index: for a frequent word the planner rightly prefers
    # reading the table in order until LIMIT rows match, and re-parsing `folded` for every
    # row it reads would cost ~60 µs each (150 ms for "hồ sơ" over 100,000 documents).
    "ALTER TABLE fulltext_searchdocument ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, folded)) STORED",
    "CREATE INDEX fulltext_doc_vector_gin ON fulltext_searchdocument USING gin (search_vector)",
]
POSTGRESQL_UNINSTALL = [
    "DROP INDEX IF EXISTS fulltext_doc_vector_gin",
    "ALTER TABLE fulltext_searchdocument DROP COLUMN IF EXISTS search_vector",
]

# The title index (migration 0003): neighbouring title terms as single tokens ("khai_sinh",
# see `terms.term_pairs`). When every query word is frequent, the text index matches
# thousands of documents; the few whose title holds two of the query's word pairs are found
# here first. FTS5's ascii tokenizer keeps "_" inside a token when told; PostgreSQL's parser
# would split it, so the tsvector is built from the array of pairs as they are.
SQLITE_TITLE_INSTALL = [
    "CREATE VIRTUAL TABLE fulltext_title_fts USING fts5("
    "title_pairs, content='fulltext_searchdocument', content_rowid='id', "
    "tokenize=\"ascii tokenchars '_'\", detail=none)",
    "CREATE TRIGGER fulltext_title_fts_ai AFTER INSERT ON fulltext_searchdocument BEGIN "
    "INSERT INTO fulltext_title_fts(rowid, title_pairs) VALUES (new.id, new.title_pairs); END",
    "CREATE TRIGGER fulltext_title_fts_ad AFTER DELETE ON fulltext_searchdocument BEGIN "
    "INSERT INTO fulltext_title_fts(fulltext_title_fts, rowid, title_pairs) "
    "VALUES ('delete', old.id, old.title_pairs); END",
    "CREATE TRIGGER fulltext_title_fts_au AFTER UPDATE OF title_pairs "
    "ON fulltext_searchdocument BEGIN "
    "INSERT INTO fulltext_title_fts(fulltext_title_fts, rowid, title_pairs) "
    "VALUES ('delete', old.id, old.title_pairs); "
    "INSERT INTO fulltext_title_fts(rowid, title_pairs) VALUES (new.id, new.title_pairs); END",
    "INSERT INTO fulltext_title_fts(fulltext_title_fts) VALUES ('rebuild')",
]
SQLITE_TITLE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS fulltext_title_fts_au",
    "DROP TRIGGER IF EXISTS fulltext_title_fts_ad",
    "DROP TRIGGER IF EXISTS fulltext_title_fts_ai",
    "DROP TABLE IF EXISTS fulltext_title_fts",
]
SQLITE_TITLE_TRIGGERS = ("fulltext_title_fts_ai", "fulltext_title_fts_ad", "fulltext_title_fts_au")
POSTGRESQL_TITLE_INSTALL = [
    "ALTER TABLE fulltext_searchdocument ADD COLUMN title_vector tsvector GENERATED ALWAYS AS "
    "(array_to_tsvector(string_to_array(NULLIF(title_pairs, ''), ' '))) STORED",
    "CREATE INDEX fulltext_doc_title_gin ON fulltext_searchdocument USING gin (title_vector)",
]
POSTGRESQL_TITLE_UNINSTALL = [
    "DROP INDEX IF EXISTS fulltext_doc_title_gin",
    "ALTER TABLE fulltext_searchdocument DROP COLUMN IF EXISTS title_vector",
]

_INSTALL = {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRESQL_INSTALL}
_UNINSTALL = {"sqlite": SQLITE_UNINSTALL, "postgresql": POSTGRESQL_UNINSTALL}


def fulltext_index_install(schema_editor: Any) -> None:
    for statement in _INSTALL.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def fulltext_index_uninstall(schema_editor: Any) -> None:
    for statement in _UNINSTALL.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


_TITLE_INSTALL = {"sqlite": SQLITE_TITLE_INSTALL, "postgresql": POSTGRESQL_TITLE_INSTALL}
_TITLE_UNINSTALL = {"sqlite": SQLITE_TITLE_UNINSTALL, "postgresql": POSTGRESQL_TITLE_UNINSTALL}


def fulltext_title_index_install(schema_editor: Any) -> None:
    for statement in _TITLE_INSTALL.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def fulltext_title_index_uninstall(schema_editor: Any) -> None:
    for statement in _TITLE_UNINSTALL.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)
