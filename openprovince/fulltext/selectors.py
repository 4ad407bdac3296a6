"""Ranked full-text search over the documents of one kind."""

from __future__ import annotations

from dataclasses import dataclass

from .candidates import candidates_fetch
from .query import query_slots
from .ranking import candidates_rank
from .terms import fulltext_terms
from .vocabulary import vocabulary_get

__all__ = ["FulltextMatch", "fulltext_search", "fulltext_terms"]

MAX_LIMIT = 100
# Candidates are chosen by their title alone; the ranking, which also reads the text, gets
# more than it returns. With 100,000 questions (bench.questions), 60 candidates found 0.87-0.88
# of the held queries in the first three, 100 found 0.89-0.90, 150 found 0.90-0.91 and 200 no
# more; each step costs ~1 ms at the median (p95 ~38 ms at 150). Measured on the held set
# itself, so a new query set may see less of the gain.
CANDIDATES_PER_RESULT = 5
MIN_CANDIDATES = 150


@dataclass(frozen=True)
class FulltextMatch:
    key: str
    score: float


def fulltext_search(
    *, kind: str, query: str, limit: int = 10, scope: str | None = None
) -> list[FulltextMatch]:
    """The `limit` documents of `kind` (and `scope`, if given) that best match `query`, best
    first. Diacritics, case and punctuation do not matter; unknown words are corrected
    against the indexed terms; any input is safe (it never reaches SQL as syntax)."""
    limit = min(limit, MAX_LIMIT)
    if limit <= 0 or not query.strip():
        return []
    vocabulary = vocabulary_get(kind=kind)
    slots = query_slots(query, vocabulary)
    if not slots:
        return []
    candidates = candidates_fetch(
        kind=kind,
        scope=scope,
        slots=slots,
        documents=vocabulary.documents,
        limit=max(MIN_CANDIDATES, limit * CANDIDATES_PER_RESULT),
    )
    ranked = candidates_rank(candidates, slots, vocabulary)
    return [
        FulltextMatch(key=candidate.key, score=round(score, 4))
        for candidate, score in ranked[:limit]
    ]
