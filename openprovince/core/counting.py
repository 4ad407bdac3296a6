"""Counting toward a limit without counting past it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet


def count_up_to(queryset: QuerySet[Any], limit: int) -> int:
    """How many rows `queryset` has, `limit` at most. The count stops there (COUNT over a LIMIT
    subquery): a throttle gets the same answer, with bounded work however many rows a busy
    address or a hammered username has piled up in its window."""
    if limit <= 0:
        return 0
    return queryset[:limit].count()
