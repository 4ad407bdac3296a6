"""`{{ amount|vnd }}`: an integer VND amount with the language's thousands separator."""

from __future__ import annotations

from django import template

from openprovince.core.text import vnd as vnd_text

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    return "" if amount is None else vnd_text(int(amount))
