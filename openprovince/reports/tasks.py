"""Fixed reports nobody contested close after the reopen window."""

from __future__ import annotations

from datetime import timedelta

from openprovince.tasks import periodic, task

from .services.handling import reports_close_confirmed


@periodic(every=timedelta(hours=1))
@task(name="reports.close_confirmed", max_attempts=1)
def close_confirmed() -> None:
    while reports_close_confirmed() >= 500:
        pass
