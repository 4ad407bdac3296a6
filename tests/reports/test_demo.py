"""The demo reports of `make run`: loaded once, every state, real places, no phone numbers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openprovince.accounts.models import User
from openprovince.agencies.selectors import agency_containing_point
from openprovince.cases.definitions import workflow_by_id
from openprovince.cases.models import Case, CaseEvent
from openprovince.core.geo import parse_area
from openprovince.demo.reports import PHONES, demo_reports_load
from openprovince.reports.models import Report, ReportPhoto

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_reports(django_db_setup: Any, django_db_blocker: Any) -> Iterator[int]:
    """The whole demo, loaded once for this module inside a transaction rolled back at its
    end (each test adds its own savepoint on top, as usual)."""
    from openprovince.agencies.importing import agencies_import
    from openprovince.demo.cases import demo_cases_load
    from openprovince.demo.officials import demo_officials_load
    from openprovince.demo.province import AGENCY_TYPES, demo_agency_rows

    with django_db_blocker.unblock(), transaction.atomic():
        assert agencies_import(rows=demo_agency_rows(), agency_types=AGENCY_TYPES).ok
        demo_officials_load()
        demo_cases_load()
        yield demo_reports_load()
        transaction.set_rollback(True)


def _demo() -> Any:
    return Report.objects.filter(case__applicant__phone__in=PHONES).select_related(
        "case", "case__agency", "category"
    )


def test_the_loader_runs_once_a_second_call_adds_nothing(demo_reports: int) -> None:
    assert 250 <= demo_reports <= 350
    counts = (Report.objects.count(), Case.objects.count(), ReportPhoto.objects.count())
    users = User.objects.count()
    assert demo_reports_load() == 0
    assert (Report.objects.count(), Case.objects.count(), ReportPhoto.objects.count()) == counts
    assert User.objects.count() == users
    # The shared photos: a handful of stored files behind hundreds of photo rows.
    assert ReportPhoto.objects.count() > 100
    assert ReportPhoto.objects.values("storage_name").distinct().count() <= 6


def test_every_state_of_the_workflow_is_there_worked_by_the_demo_handlers(
    demo_reports: int,
) -> None:
    reports = list(Report.objects.select_related("case"))
    workflow = workflow_by_id(reports[0].case.definition_id)
    states = {r.case.state for r in reports}
    assert states == set(workflow.states)
    for state in workflow.states:  # several of each, not a token one
        assert sum(r.case.state == state for r in reports) >= 3, state
    handlers = CaseEvent.objects.filter(case__kind="report", action="resolve")
    assert handlers.filter(actor__username="demo.tanninh.xuly").exists()
    assert handlers.filter(actor__username="demo.godau.xuly").exists()
    # Public status follows the case; fixed reports carry an "after" photo.
    for report in reports:
        assert report.status == ("closed" if report.case.closed_at else "open")
        if report.case.state in {"resolved", "closed_fixed"}:
            assert report.photos.filter(kind="after").exists()
            assert report.resolved_at is not None
    assert any(r.supporters for r in reports)
    assert any(r.case.rating for r in reports)
    assert Report.objects.filter(duplicate_of__isnull=False).count() >= 3


def test_dates_spread_over_90_days_and_nothing_waits_to_be_closed_or_escalated(
    demo_reports: int,
) -> None:
    now = timezone.now()
    cases = list(Case.objects.filter(kind="report"))
    assert min(c.created_at for c in cases) >= now - timedelta(days=91)
    assert min(c.created_at for c in cases) < now - timedelta(days=60)
    for case in cases:
        events = list(case.events.order_by("at", "pk"))
        assert events[0].action == "open" and events[0].at == case.created_at
        assert events[-1].at <= now
        assert case.code.startswith(f"PA-{timezone.localtime(case.created_at):%y%m%d}-")
        if case.state == "resolved":  # still inside the reopen window
            window = timedelta(days=settings.REPORTS_REOPEN_DAYS)
            assert case.state_entered_at > now - window
        if case.closed_at is None and case.paused_at is None:  # no escalation on load
            assert case.due_at is not None and case.due_at > now - timedelta(days=2)
    assert len({c.code for c in cases}) == len(cases)


def test_every_point_lies_inside_the_agency_that_handles_it(demo_reports: int) -> None:
    for report in _demo():
        agency = report.case.agency
        assert report.lat is not None and report.lng is not None
        assert agency.boundary is not None, agency.code
        assert parse_area(agency.boundary).contains(report.lng, report.lat), report.case.code
        if report.category.code != "other":  # the ward or commune, not a neighbour
            local = agency_containing_point(
                lat=report.lat, lng=report.lng, type_codes=["ward", "commune"]
            )
            assert local == agency


def test_no_demo_report_shows_a_phone_number_on_its_public_pages(
    demo_reports: int, client: Any
) -> None:
    phones = []
    for phone in [*PHONES, "+84912000001"]:
        national = "0" + phone[3:]
        phones += [phone, national, f"{national[:4]} {national[4:7]} {national[7:]}"]
    pages = ["/reports/", "/reports/?page=2", "/reports/?status=closed"]
    pages += [f"/reports/{r.case.public_id}/" for r in _demo()]
    named = 0
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert not [p for p in phones if p in html], path
        named += "Nguyễn Thị Năm" in html or "Trần Văn An" in html
    assert named  # names shown only where the reporter chose to be named; phones never


def test_the_demo_open311_key_is_accepted_and_made_once(demo_reports: int) -> None:
    from openprovince.demo.reports import OPEN311_DEMO_KEY, demo_integrator_key_load
    from openprovince.reports.open311.keys import integrator_key_check
    from openprovince.reports.open311.models import IntegratorKey

    assert integrator_key_check(raw=OPEN311_DEMO_KEY).is_active
    demo_integrator_key_load()
    assert IntegratorKey.objects.count() == 1


def test_the_uploads_sweep_finds_every_demo_photo_named(demo_reports: int) -> None:
    from openprovince.core.uploads.sweeping import uploads_sweep

    named = {n for p in ReportPhoto.objects.all() for n in (p.storage_name, p.thumbnail_name)}
    assert named  # the demo shares a few photos among its reports
    result = uploads_sweep(older_than=timedelta(0), dry_run=True)
    assert result.files >= len(named) and not named & set(result.orphans)
