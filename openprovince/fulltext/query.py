"""A search query as slots: one per query word, each with the terms that may stand for it."""

from __future__ import annotations

from dataclasses import dataclass

from . import spelling
from .terms import query_terms
from .vocabulary import Vocabulary

MAX_SLOTS = 24
# A guessed term counts a little less than a term the user typed.
CORRECTED = 0.85
COMPLETED = 0.7
REAL_WORD_GUESS = 0.6
COMPLETIONS = 3


@dataclass(frozen=True)
class Alternative:
    term: str
    factor: float


@dataclass(frozen=True)
class Slot:
    alternatives: tuple[Alternative, ...]
    df: int  # documents holding any alternative, at most
    weight: float  # the idf of the likeliest alternative; 0 for a word nobody wrote

    @property
    def terms(self) -> list[str]:
        return [a.term for a in self.alternatives]


def query_slots(text: str, vocabulary: Vocabulary) -> list[Slot]:
    """The slots of `text` in query order. The last word may be half typed (the search runs
    while the user types) unless the text ends with a space or punctuation."""
    words = list(dict.fromkeys(query_terms(text)))  # a repeated word counts once
    typing = bool(text) and text[-1].isalnum()
    slots: list[Slot] = []
    for index, word in enumerate(words):
        slots.extend(_slots_for(word, vocabulary, typing=typing and index == len(words) - 1))
    if len(slots) > MAX_SLOTS:  # a pasted paragraph: keep the rarest words, in order
        kept = {id(s) for s in sorted(slots, key=lambda s: s.df)[:MAX_SLOTS]}
        slots = [s for s in slots if id(s) in kept]
    return slots


def _slots_for(word: str, vocabulary: Vocabulary, *, typing: bool) -> list[Slot]:
    if vocabulary.df(word):
        guesses = spelling.neighbours(word, vocabulary)
        return [_slot(vocabulary, (word, 1.0), *((g, REAL_WORD_GUESS) for g in guesses))]
    completed = vocabulary.completions(word, COMPLETIONS) if typing else []
    corrected = spelling.corrections(word, vocabulary)
    if corrected or completed:
        # The typed word stays too: documents indexed since the vocabulary loaded may hold it.
        return [
            _slot(
                vocabulary,
                *((c, CORRECTED) for c in corrected),
                *((c, COMPLETED) for c in completed if c not in corrected),
                (word, 1.0),
            )
        ]
    pair = spelling.split_in_two(word, vocabulary)
    if pair:
        return [_slot(vocabulary, (pair[0], CORRECTED)), _slot(vocabulary, (pair[1], CORRECTED))]
    return [_slot(vocabulary, (word, 1.0))]


def _slot(vocabulary: Vocabulary, *alternatives: tuple[str, float]) -> Slot:
    known = [term for term, _ in alternatives if vocabulary.df(term)]
    likeliest = max(known, key=vocabulary.df) if known else None
    return Slot(
        alternatives=tuple(Alternative(term, factor) for term, factor in alternatives),
        df=sum(vocabulary.df(term) for term, _ in alternatives),
        weight=vocabulary.idf(likeliest) if likeliest else 0.0,
    )
