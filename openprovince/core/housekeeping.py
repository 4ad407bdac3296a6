"""Rows that only matter for a while are deleted once their while is over, by hourly tasks
(core.tasks, accounts.tasks): expired sessions, stored idempotent answers, sign-in codes,
failed sign-in attempts and expired app tokens. Without this each table grows by a row per
sign-in or per form sent, forever. The audit log, cases and notifications are records and are
never pruned here."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

BATCH = 2000  # rows per statement: short transactions, so SQLite's writers are not held up


def delete_in_batches(rows: QuerySet[Any]) -> int:
    """Delete `rows` (a filtered queryset of a model nothing else points at) a batch at a
    time; returns how many were deleted."""
    deleted = 0
    model = rows.model
    while ids := list(rows.values_list("pk", flat=True)[:BATCH]):
        count, _by_model = model._default_manager.filter(pk__in=ids).delete()
        deleted += count
        if len(ids) < BATCH:
            break
    return deleted
