"""Daily reminders of tuition bills due within a week, for every school."""

from __future__ import annotations

from datetime import timedelta

from openprovince.tasks import periodic, task

from .services.reminders import bills_remind


@periodic(every=timedelta(days=1))
@task(name="tuition.remind", max_attempts=1)  # tomorrow's run picks up what this one missed
def remind() -> None:
    bills_remind()
