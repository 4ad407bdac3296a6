"""The first stage of a search: the database finds the documents that hold enough of the
rarest query words, and the best of them by title go on to `ranking`.

Both engines spend time in proportion to the postings the index walks and the rows read
afterwards, not to the size of the corpus, so the match is built from rare words only: the
`RARE_SLOTS` rarest query words, their postings within `POSTINGS_BUDGET`. It asks for all of
them but one (a word the user added, or mistyped beyond repair). While more than
`MATCH_BUDGET` documents match, it asks for all of them, then for the next rarest words too
(at most `MAX_TIGHTENING` more queries, and only words rare enough to narrow the match);
while fewer than `limit` match, for fewer. Frequent words ("thủ tục", "đăng ký") never
widen the match; they count when the matches are scored. The database returns only the id
and folded title of each match (short columns); Python keeps the `limit` whose title holds
the most query weight, then reads their text. When the match is still too large, only
`MATCH_BUDGET` documents are scored: the newest on SQLite, the first in table order on
PostgreSQL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from itertools import pairwise

from django.db import connection

from .models import SearchDocument
from .query import Alternative, Slot
from .terms import PAIR_JOINER, QUERY_STOPWORDS

RARE_SLOTS = 5
POSTINGS_BUDGET = 40_000
MATCH_BUDGET = 1_000
# Each tightening is one more query; past a few, the words added are too frequent to help.
MAX_TIGHTENING = 3
# Title pairs: documents whose title holds this many of the query's word pairs come first;
# each pair of words tries the first two terms of each (a typed word and its correction).
PAIRS_REQUIRED = 2
PAIR_ALTERNATIVES = 2
MAX_PAIRS = 12
# A word in more than this share of the documents narrows a match too little to ask for.
NARROWING_SHARE = 0.2


@dataclass(frozen=True)
class Candidate:
    key: str
    folded_title: str
    folded: str


@dataclass(frozen=True)
class Plan:
    rare: list[Slot]  # match documents holding at least `required` of these…
    required: int
    unknown: list[Slot]  # …or any word no document held when the vocabulary loaded


def plan_make(slots: list[Slot], documents: int) -> Plan:
    """The rare words to match, and how many of them the document frequencies say are needed
    for the matches to fit `MATCH_BUDGET` (taking words as independent, which underestimates:
    `candidates_fetch` starts at least one stricter)."""
    rare: list[Slot] = []
    postings = 0
    for slot in sorted((s for s in slots if s.df), key=lambda s: s.df):
        if len(rare) == RARE_SLOTS or (len(rare) >= 2 and postings + slot.df > POSTINGS_BUDGET):
            break
        rare.append(slot)
        postings += slot.df
    required = 1
    while required < len(rare) and _expected(rare, required, documents) > MATCH_BUDGET:
        required += 1
    return Plan(rare=rare, required=required, unknown=[s for s in slots if not s.df])


def candidates_fetch(
    *, kind: str, scope: str | None, slots: list[Slot], documents: int, limit: int
) -> list[Candidate]:
    """Up to `limit` candidates, the likeliest first."""
    plan = plan_make(slots, documents)
    if not plan.rare and not plan.unknown:
        return []
    # Start strict (every rare word but one: the user may have added a word, or mistyped
    # one beyond repair), tighten while there are too many matches to score, loosen while
    # there are too few to choose from.
    plan = replace(plan, required=max(plan.required, len(plan.rare) - 1, 1))
    in_titles = _title_matches(kind=kind, scope=scope, slots=slots, limit=limit)
    titles = _matches(kind=kind, scope=scope, plan=plan)
    spare = [
        s
        for s in sorted(slots, key=lambda s: s.df)
        if 0 < s.df <= NARROWING_SHARE * documents and s not in plan.rare
    ]
    tries = MAX_TIGHTENING
    while len(titles) > MATCH_BUDGET and tries and (plan.required < len(plan.rare) or spare):
        tries -= 1
        if plan.required < len(plan.rare):
            tighter = replace(plan, required=plan.required + 1)
        else:  # every rare word is one subject: ask for the next rarest word too
            tighter = replace(plan, rare=[*plan.rare, spare.pop(0)], required=plan.required + 1)
        found = _matches(kind=kind, scope=scope, plan=tighter)
        if len(found) < limit:  # too tight: its matches first, then the looser ones
            titles = _union(found, titles)
            break
        plan, titles = tighter, found
    while len(titles) < limit and plan.required > 1:
        plan = replace(plan, required=plan.required - 1)
        titles = _union(titles, _matches(kind=kind, scope=scope, plan=plan))
    # The documents whose title holds the words come first: when the words are frequent, the
    # text matches are capped at MATCH_BUDGET by age or table order, and could miss them.
    ids = _best_by_title(_union(in_titles, titles[:MATCH_BUDGET]), slots, limit)
    rows = SearchDocument.objects.filter(id__in=ids).values_list(
        "id", "key", "folded_title", "folded"
    )
    by_id = {doc_id: Candidate(key, title, folded) for doc_id, key, title, folded in rows}
    return [by_id[i] for i in ids if i in by_id]


def _title_matches(
    *, kind: str, scope: str | None, slots: list[Slot], limit: int
) -> list[tuple[int, str]]:
    """Documents whose title holds at least two of the query's word pairs (one, if that
    finds fewer than `limit`; three, if two find more than `MATCH_BUDGET`)."""
    pairs = _pair_slots(slots)
    if not pairs:
        return []
    plan = Plan(rare=pairs, required=min(PAIRS_REQUIRED, len(pairs)), unknown=[])
    found = _matches(kind=kind, scope=scope, plan=plan, in_title=True)
    tries = MAX_TIGHTENING
    while len(found) > MATCH_BUDGET and plan.required < len(pairs) and tries:
        tries -= 1
        plan = replace(plan, required=plan.required + 1)
        tighter = _matches(kind=kind, scope=scope, plan=plan, in_title=True)
        found = _union(tighter, found)
        if len(tighter) <= MATCH_BUDGET:
            break
    if len(found) < limit and plan.required > 1:
        looser = replace(plan, required=plan.required - 1)
        found = _union(found, _matches(kind=kind, scope=scope, plan=looser, in_title=True))
    return found[:MATCH_BUDGET]


def _pair_slots(slots: list[Slot]) -> list[Slot]:
    """One slot per pair of neighbouring query words: the pairs of their likeliest terms,
    in either order (people also type words the other way round)."""
    pairs = []
    for first, second in pairwise(slots):
        terms = [
            f"{a}{PAIR_JOINER}{b}"
            for x in first.terms[:PAIR_ALTERNATIVES]
            for y in second.terms[:PAIR_ALTERNATIVES]
            for a, b in ((x, y), (y, x))
            if a != b
        ]
        if terms:
            alternatives = tuple(Alternative(t, 1.0) for t in dict.fromkeys(terms))
            pairs.append(Slot(alternatives=alternatives, df=0, weight=0.0))
    return pairs[:MAX_PAIRS]


def _union(first: list[tuple[int, str]], then: list[tuple[int, str]]) -> list[tuple[int, str]]:
    seen = {doc_id for doc_id, _ in first}
    return first + [row for row in then if row[0] not in seen]


def _best_by_title(titles: list[tuple[int, str]], slots: list[Slot], limit: int) -> list[int]:
    """The ids of the `limit` matches whose title holds the most query weight, over √(words
    in the title) — cheap, and close to the final ranking's title similarity."""
    slot_of: dict[str, int] = {}
    for index, slot in enumerate(slots):
        for term in slot.terms:
            slot_of.setdefault(term, index)
    weights = [slot.weight for slot in slots]
    # A pair of neighbouring query words side by side in the title counts once more.
    pair_of: dict[tuple[str, str], float] = {}
    for first, second in pairwise(slots):
        bonus = min(first.weight, second.weight)
        for a in first.terms[:PAIR_ALTERNATIVES]:
            for b in second.terms[:PAIR_ALTERNATIVES]:
                pair_of.setdefault((a, b), bonus)
                pair_of.setdefault((b, a), bonus)
    scored = []
    for doc_id, folded_title in titles:
        words = folded_title.split(" ")
        hit = {slot_of[w] for w in words if w in slot_of}
        score = sum(weights[i] for i in hit)
        if len(hit) > 1:  # the title's pairs, as `term_pairs` makes them
            kept = [w for w in words if w not in QUERY_STOPWORDS]
            score += sum(pair_of.get(pair, 0.0) for pair in set(pairwise(kept)))
        scored.append((score / math.sqrt(len(words)), doc_id))
    scored.sort(reverse=True)  # ties: the newest first
    return [doc_id for _, doc_id in scored[:limit]]


def _expected(rare: list[Slot], required: int, documents: int) -> float:
    """Documents expected to hold at least `required` of the rare words (Poisson binomial)."""
    total = max(documents, 1)
    exactly = [1.0] + [0.0] * len(rare)
    for slot in rare:
        p = min(1.0, slot.df / total)
        exactly = [
            exactly[j] * (1 - p) + (exactly[j - 1] * p if j else 0.0) for j in range(len(exactly))
        ]
    return total * sum(exactly[required:])


def _expression(plan: Plan, quote: str, any_of: str, all_of: str) -> str:
    """The match, each word written as few times as it can be (the index walks its postings
    once per mention)."""

    def group(slot: Slot) -> str:
        terms = [quote.format(t) for t in slot.terms]
        return terms[0] if len(terms) == 1 else "(" + any_of.join(terms) + ")"

    def at_least(required: int, slots: list[Slot]) -> str:
        if required == 1:
            return any_of.join(group(s) for s in slots)
        if required == len(slots):
            return all_of.join(group(s) for s in slots)
        first, rest = group(slots[0]), slots[1:]
        with_first = f"{first}{all_of}({at_least(required - 1, rest)})"
        return f"({with_first}){any_of}({at_least(required, rest)})"

    clauses = [at_least(plan.required, plan.rare)] if plan.rare else []
    clauses += [group(s) for s in plan.unknown]
    return any_of.join(f"({c})" for c in clauses)


_SQLITE_MATCHES = (
    "SELECT k.id, k.folded_title FROM fulltext_fts f "
    "JOIN fulltext_searchdocument k ON k.id = f.rowid "
    "WHERE fulltext_fts MATCH %s AND k.kind = %s AND (%s IS NULL OR k.scope = %s) "
    "ORDER BY f.rowid DESC LIMIT %s"
)
_POSTGRESQL_MATCHES = (
    "SELECT k.id, k.folded_title FROM fulltext_searchdocument k "
    "WHERE k.search_vector @@ to_tsquery('simple', %s) "
    # Typed: with server-side binding PostgreSQL must know a bare parameter's type.
    "AND k.kind = %s AND (%s::text IS NULL OR k.scope = %s) LIMIT %s"
)
_SQLITE_TITLE_MATCHES = _SQLITE_MATCHES.replace("fulltext_fts", "fulltext_title_fts")
# The pairs are lexemes as they are (no parser), so the query is cast, not parsed.
_POSTGRESQL_TITLE_MATCHES = _POSTGRESQL_MATCHES.replace(
    "k.search_vector @@ to_tsquery('simple', %s)", "k.title_vector @@ %s::tsquery"
)


def _matches(
    *, kind: str, scope: str | None, plan: Plan, in_title: bool = False
) -> list[tuple[int, str]]:
    """(id, folded title) of at most `MATCH_BUDGET` + 1 documents the plan matches (in their
    title only, if `in_title`): the newest on SQLite, the first in table order on PostgreSQL
    (sorting would read them all)."""
    if connection.vendor == "sqlite":
        # Every term is quoted: FTS5 reads a quoted string as a plain word, never an operator.
        # Terms hold only letters and digits (see `fulltext_terms`), so they contain no quote.
        sql = _SQLITE_TITLE_MATCHES if in_title else _SQLITE_MATCHES
        match = _expression(plan, '"{}"', " OR ", " AND ")
    elif connection.vendor == "postgresql":
        # Quoted lexemes: to_tsquery reads them as words, never as operators.
        sql = _POSTGRESQL_TITLE_MATCHES if in_title else _POSTGRESQL_MATCHES
        match = _expression(plan, "'{}'", " | ", " & ")
    else:
        raise NotImplementedError(f"full-text search does not support {connection.vendor}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, kind, scope, scope, MATCH_BUDGET + 1])
        return [(int(doc_id), str(title)) for doc_id, title in cursor.fetchall()]
