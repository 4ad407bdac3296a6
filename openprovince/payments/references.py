"""Order references: short, upper case, no look-alike characters, safe in a bank transfer
text (VietQR purpose, ≤ 25 characters without diacritics) and every gateway's id field."""

from __future__ import annotations

import re
import secrets

# Crockford's base 32: no I, L, O, U, so a reference read aloud or typed back survives.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "OP"
LENGTH = 10  # 32**10 ≈ 10**15 references
# Overlapping matches: banks run references into neighbouring words and digits.
CANDIDATE_RE = re.compile(rf"(?=({PREFIX}[{ALPHABET}]{{{LENGTH}}}))")


def reference_random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def reference_new() -> str:
    return PREFIX + reference_random(LENGTH)


def reference_candidates(text: str) -> list[str]:
    """Every string in a bank transfer text that could be an order reference, first first.
    Banks upper-case the text, add their own words, drop spaces or run the reference into
    neighbouring digits, so the caller keeps the candidate that names a real order."""
    compact = re.sub(r"[^0-9A-Z]", "", text.upper())
    found = [m.group(1) for m in CANDIDATE_RE.finditer(compact)]
    return list(dict.fromkeys(found))
