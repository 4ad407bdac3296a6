"""The periodic deadline check: escalation rules for cases that became overdue."""

from __future__ import annotations

from datetime import timedelta

from openprovince.tasks import periodic, task

from .services.overdue import cases_escalate_overdue


@periodic(every=timedelta(minutes=5))
@task(name="cases.escalate_overdue", max_attempts=1)  # the next run picks up what this missed
def escalate_overdue() -> None:
    while cases_escalate_overdue(limit=500) >= 500:
        pass
