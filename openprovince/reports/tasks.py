"""Fixed reports nobody contested close after the reopen window; followers of a ward hear
about each new report there; drafts nobody sent go, with their photos."""

from __future__ import annotations

from datetime import timedelta

from openprovince.tasks import periodic, task

from .models import Report
from .services.areas import area_notify_new_report
from .services.drafts import report_drafts_prune
from .services.handling import reports_close_confirmed


@periodic(every=timedelta(hours=1))
@task(name="reports.close_confirmed", max_attempts=1)
def close_confirmed() -> None:
    while reports_close_confirmed() >= 500:
        pass


@periodic(every=timedelta(hours=1))
@task(name="reports.prune_drafts", max_attempts=1)  # the next run deletes what this one missed
def prune_drafts() -> None:
    report_drafts_prune()


@task(name="reports.notify_area")
def notify_area(*, report_id: int) -> None:
    report = Report.objects.select_related("case__agency", "category").filter(pk=report_id).first()
    if report is not None:
        area_notify_new_report(report=report)
