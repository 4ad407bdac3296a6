"""Vietnamese text helpers: fold for search, clean user input.

Folding makes "Hồ sơ ĐẤT đai", "ho so dat dai" and the NFD spelling of the first compare equal:
Unicode decomposition, drop combining marks, đ → d, case-fold, collapse spaces.
"""

from __future__ import annotations

import re
import unicodedata
import uuid

from django.utils.translation import get_language
from django.utils.translation import gettext as _

_SPACES = re.compile(r"\s+")
# Control and format characters (zero-width joiners, bidi overrides, NUL, …) carry no meaning in
# a name or a search, and NUL breaks PostgreSQL text. Keep tab/newline for multi-line fields.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_KEEP = {"\n", "\t"}
_D_MAP = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def strip_invisible(text: str, *, keep_newlines: bool = False) -> str:
    """Drop invisible characters; control whitespace (tab, CR, …) becomes a space unless it is
    a newline or tab to keep."""
    out = []
    for ch in text:
        if (keep_newlines and ch in _KEEP) or unicodedata.category(ch) not in _INVISIBLE_CATEGORIES:
            out.append(ch)
        elif ch.isspace():
            out.append(" ")
    return "".join(out)


def clean_line(text: str, *, max_length: int | None = None) -> str:
    """One line of user input: NFC, no invisible characters, single spaces, trimmed."""
    text = unicodedata.normalize("NFC", strip_invisible(text))
    text = _SPACES.sub(" ", text).strip()
    if max_length is not None:
        text = text[:max_length].rstrip()
    return text


def fold(text: str) -> str:
    """Search key: lower-case ASCII-ish text with Vietnamese diacritics removed."""
    decomposed = unicodedata.normalize("NFD", strip_invisible(text).translate(_D_MAP))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", bare.casefold().translate(_D_MAP)).strip()


def fold_terms(text: str) -> list[str]:
    """Folded words of a query, punctuation removed, for AND-matching against a folded column."""
    return [t for t in re.split(r"[^\w]+", fold(text)) if t]


def unaccent(text: str) -> str:
    """Vietnamese without diacritics, case kept ("Tây Ninh" → "Tay Ninh"): SMS in plain ASCII
    fit 160 characters a message instead of 70."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    )


def parse_uuid(raw: str) -> uuid.UUID | None:
    """The UUID in `raw` (a public id from a URL or a form), or None; at most 40 characters
    are read."""
    try:
        return uuid.UUID(raw[:40])
    except ValueError:
        return None


def vnd(amount: int) -> str:
    """50000 → "50.000 đồng"-style grouping: "50.000 VND" in Vietnamese, "50,000 VND" in
    English (each language's thousands separator)."""
    grouped = f"{amount:,}"
    if get_language() != "en":
        grouped = grouped.replace(",", ".")
    return _("%(amount)s VND") % {"amount": grouped}
