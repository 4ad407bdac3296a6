"""Deadlines in working time (the Vietnamese calendar in core.working_time)."""

from __future__ import annotations

from datetime import datetime

from openprovince.core import working_time

from .workflow import Sla


def due_after(start: datetime, sla: Sla) -> datetime | None:
    if sla.working_days:
        return working_time.add_working_days(start, sla.working_days)
    if sla.working_hours:
        return working_time.add_working_hours(start, sla.working_hours)
    return None


def remaining_seconds(now: datetime, due: datetime | None) -> int | None:
    """Working seconds left until `due` (negative when already overdue)."""
    if due is None:
        return None
    if due >= now:
        return working_time.working_seconds_between(now, due)
    return -working_time.working_seconds_between(due, now)


def due_from_remaining(now: datetime, remaining: int | None) -> datetime | None:
    """On resume: the clock restarts with what was left when it paused."""
    if remaining is None:
        return None
    if remaining <= 0:
        return now  # it was already overdue; it stays overdue from now on
    return working_time.add_working_seconds(now, remaining)
