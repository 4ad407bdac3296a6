"""The folded text a procedure is found by: lower case, no diacritics (core.text.fold), words
only, one space between them and one at each end, so that a search can ask for words that
start with a term (`" " + term`) and for a whole phrase: a plain LIKE over a few hundred
rows, no index needed."""

from __future__ import annotations

from openprovince.core.text import fold_terms

from ..models import Procedure


def folded_words(text: str) -> str:
    """`" dang ky khai sinh 1 001193 "` from `"Đăng ký khai sinh (1.001193)"`."""
    words = " ".join(fold_terms(text))
    return f" {words} " if words else ""


def procedure_search_text(procedure: Procedure) -> str:
    """Code, names, field, keywords and life events. Needs a saved procedure (the life events
    are a many-to-many relation)."""
    parts = [
        procedure.code,
        procedure.name,
        procedure.name_en,
        procedure.field.name,
        procedure.field.name_en,
        procedure.keywords,
    ]
    for event in procedure.life_events.all():
        parts += [event.name, event.name_en]
    return folded_words(" ".join(p for p in parts if p))


def procedure_name_folded(procedure: Procedure) -> str:
    return folded_words(f"{procedure.name} {procedure.name_en}")
