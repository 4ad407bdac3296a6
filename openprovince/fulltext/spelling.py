"""Guessing the indexed term a user meant: Telex/VNI keys typed without an input method, one
wrong, missing, extra or swapped letter (Damerau–Levenshtein distance 1), two syllables run
together. Candidates come from the kind's vocabulary, so a correction is always a word that
some document holds.
"""

from __future__ import annotations

import re

from .vocabulary import Vocabulary

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ALPHABETIC = re.compile(r"[a-z]+")
# VNI types the marks as digits 1-9 after the letters: "dang8 ky1".
_VNI = re.compile(r"[a-z][a-z1-9]+")
_VNI_MARKS = re.compile(r"[1-9]")
# Telex spells â ê ô as doubled vowels, ă ơ ư with a "w", đ as "dd", and the tones as a final
# s f r x j; no Vietnamese syllable ends in one of those letters.
_TELEX = [
    (re.compile(r"dd"), "d"),
    (re.compile(r"([aeo])\1"), r"\1"),
    (re.compile(r"([aou])w"), r"\1"),
    (re.compile(r"w"), "u"),
    (re.compile(r"(?<=.)[sfrxj]$"), ""),
]

MAX_WORD = 12  # longer than any syllable: a code or a name, never corrected
MAX_CORRECTIONS = 3
# A correction much rarer than the best one is noise (a name one letter away, say).
MIN_SHARE_OF_BEST = 0.02
# A known but rare term is perhaps a typo of a frequent neighbour ("khai xinh" → "sinh").
REAL_WORD_RATIO = 50
REAL_WORD_MIN_DOCS = 5


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + transposes + replaces + inserts)


def untelex(word: str) -> str:
    for pattern, replacement in _TELEX:
        word = pattern.sub(replacement, word)
    return word


def corrections(word: str, vocabulary: Vocabulary) -> list[str]:
    """Known terms the user probably meant by an unknown `word`, most frequent first; [] when
    nothing is close. Short words are left alone: at two letters everything is one edit away."""
    if len(word) > MAX_WORD:
        return []
    if _VNI.fullmatch(word) and not _ALPHABETIC.fullmatch(word):
        bare = _VNI_MARKS.sub("", word)
        marks = len(word) - len(bare)
        return [bare] if marks <= 3 and len(bare) >= 2 and vocabulary.df(bare) else []
    if not _ALPHABETIC.fullmatch(word):
        return []
    plain = untelex(word)
    if plain != word and vocabulary.df(plain):
        return [plain]
    if len(word) < 3:
        return []
    return _best(edits1(word), vocabulary)


def neighbours(word: str, vocabulary: Vocabulary) -> list[str]:
    """Frequent terms one edit away from a known but rare `word` (a typo that happens to be a
    word: "xinh" for "sinh")."""
    df = vocabulary.df(word)
    if not 3 <= len(word) <= MAX_WORD or not _ALPHABETIC.fullmatch(word):
        return []
    floor = max(REAL_WORD_MIN_DOCS, df * REAL_WORD_RATIO)
    return [term for term in _best(edits1(word), vocabulary) if vocabulary.df(term) >= floor]


def split_in_two(word: str, vocabulary: Vocabulary) -> tuple[str, str] | None:
    """Two known syllables typed without the space between them ("khaisinh")."""
    if not 4 <= len(word) <= 2 * MAX_WORD or not _ALPHABETIC.fullmatch(word):
        return None
    best: tuple[int, tuple[str, str]] | None = None
    for i in range(1, len(word)):
        head, tail = word[:i], word[i:]
        score = min(vocabulary.df(head), vocabulary.df(tail))
        if score and (best is None or score > best[0]):
            best = (score, (head, tail))
    return best[1] if best else None


def _best(candidates: set[str], vocabulary: Vocabulary) -> list[str]:
    known = sorted(
        ((vocabulary.df(term), term) for term in candidates if vocabulary.df(term)),
        reverse=True,
    )
    if not known:
        return []
    floor = known[0][0] * MIN_SHARE_OF_BEST
    return [term for df, term in known[:MAX_CORRECTIONS] if df >= floor]
