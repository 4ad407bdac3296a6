"""The second stage of a search: order the candidates the same way on every database.

Two signals, added: how similar the title is to the query (cosine of the idf-weighted term
sets — the title is what a user's question most resembles, and a title full of words the
query lacks is about something else), and BM25 over title and text with a bonus when the
terms of neighbouring query words stand side by side (a Vietnamese word is often two
syllables: "khai sinh" means something "khai … sinh" does not). The text part is scaled by
the share of the query's weight the document covers, so answering every word beats
repeating one rare word.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import pairwise

from .candidates import Candidate
from .query import Slot
from .vocabulary import Vocabulary

K1 = 1.2
B = 0.75
TITLE_BOOST = 1.0  # a term in the title counts this much more in BM25
TITLE_SIMILARITY = 2.0  # weight of the title cosine, per unit of query weight
ADJACENT_BONUS = 1.0  # in the query's order, side by side
NEAR_BONUS = 0.5  # one word apart, or side by side the other way round


def candidates_rank(
    candidates: list[Candidate], slots: list[Slot], vocabulary: Vocabulary
) -> list[tuple[Candidate, float]]:
    if not candidates:
        return []
    lengths = [c.folded.count(" ") + 1 for c in candidates]
    average = sum(lengths) / len(lengths)
    context = _Context(slots, vocabulary)
    scored = [
        (candidate, _score(candidate, length / average, context))
        for candidate, length in zip(candidates, lengths, strict=True)
    ]
    # sorted() is stable: ties keep the candidates' order (title score, then newest).
    return sorted(scored, key=lambda pair: pair[1], reverse=True)


class _Context:
    def __init__(self, slots: list[Slot], vocabulary: Vocabulary) -> None:
        self.slots = slots
        self.vocabulary = vocabulary
        self.total_weight = sum(slot.weight for slot in slots) or 1.0
        self.query_norm = math.sqrt(sum(slot.weight**2 for slot in slots)) or 1.0
        self.idf = {a.term: vocabulary.idf(a.term) for slot in slots for a in slot.alternatives}
        self.title_idf: dict[str, float] = {}

    def norm(self, title: set[str]) -> float:
        total = 0.0
        for term in title:
            idf = self.title_idf.get(term)
            if idf is None:
                idf = self.title_idf[term] = self.vocabulary.idf(term)
            total += idf * idf
        return math.sqrt(total) or 1.0


def _score(candidate: Candidate, relative_length: float, context: _Context) -> float:
    wanted = context.idf
    positions: dict[str, list[int]] = {}
    for index, term in enumerate(candidate.folded.split(" ")):
        if term in wanted:
            if term in positions:
                positions[term].append(index)
            else:
                positions[term] = [index]
    title = set(candidate.folded_title.split(" "))
    title.discard("")
    saturation = K1 * (1 - B + B * relative_length)
    text = 0.0
    covered = 0.0
    shared = 0.0  # the dot product of query and title
    slot_positions: list[set[int]] = []
    for slot in context.slots:
        best = 0.0
        in_title = 0.0
        found: set[int] = set()
        for alternative in slot.alternatives:
            hits = positions.get(alternative.term)
            if not hits:
                continue
            found.update(hits)
            tf = len(hits)
            value = context.idf[alternative.term] * alternative.factor
            value *= tf * (K1 + 1) / (tf + saturation)
            if alternative.term in title:
                value *= 1 + TITLE_BOOST
                in_title = max(in_title, alternative.factor)
            best = max(best, value)
        if best:
            text += best
            covered += slot.weight
            shared += slot.weight**2 * in_title
        slot_positions.append(found)
    for (first, second), (a, b) in zip(
        pairwise(context.slots), pairwise(slot_positions), strict=True
    ):
        if a and b:
            text += min(first.weight, second.weight) * _closeness(a, b)
    similarity = shared / (context.query_norm * context.norm(title))
    return (
        text * covered / context.total_weight + TITLE_SIMILARITY * similarity * context.total_weight
    )


def _closeness(first: Iterable[int], second: set[int]) -> float:
    near = False
    for p in first:
        if p + 1 in second:
            return ADJACENT_BONUS
        if not near and (p - 1 in second or p + 2 in second):
            near = True
    return NEAR_BONUS if near else 0.0
