"""Reads of reports for the public pages, the APIs and officials."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page
from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from openprovince.accounts.rules import can_view
from openprovince.cases.definitions import workflow_by_id
from openprovince.core.paging import CappedPaginator

from .models import Report, ReportCategory, ReportPhoto

PAGE_SIZE = 20
SMALL_BOX = 0.1  # square degrees, about 35 × 35 km: see report_pins_in_box


def reports_public() -> QuerySet[Report]:
    return Report.objects.filter(is_public=True).select_related("case", "case__agency", "category")


@dataclass(frozen=True)
class ReportFilters:
    category: str = ""
    status: str = ""  # open | closed
    agency: str = ""
    since: datetime | None = None
    until: datetime | None = None


def reports_filtered(filters: ReportFilters) -> QuerySet[Report]:
    qs = reports_public()
    if filters.category:
        qs = qs.filter(category__code=filters.category)
    if filters.status in {"open", "closed"}:
        qs = qs.filter(status=filters.status)
    if filters.agency:
        qs = qs.filter(case__agency__code=filters.agency)
    if filters.since:
        qs = qs.filter(created_at__gte=filters.since)
    if filters.until:
        qs = qs.filter(created_at__lt=filters.until)
    return qs


def reports_page(*, filters: ReportFilters, page_number: int) -> Page[Any]:
    qs = reports_filtered(filters).order_by("-created_at", "-id")
    return CappedPaginator(qs, PAGE_SIZE).get_page(page_number)


def reports_in_box(
    *, filters: ReportFilters, south: float, west: float, north: float, east: float
) -> QuerySet[Report]:
    """Public reports inside a bounding box (indexed on lat, lng), newest first."""
    return (
        reports_filtered(filters)
        .filter(lat__gte=south, lat__lte=north, lng__gte=west, lng__lte=east)
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class Pin:
    """What the map shows of a report: public facts only."""

    public_id: uuid.UUID
    lat: float | None  # never None inside a box; typed as the column is
    lng: float | None
    title: str
    category: str
    status: str
    state_name: str


def report_pins_in_box(
    *,
    filters: ReportFilters,
    south: float,
    west: float,
    north: float,
    east: float,
    limit: int = 2000,
) -> list[Pin]:
    """The map's markers, newest first: plain rows, not model objects. A box can hold
    thousands of reports, and building a Report, Case, Agency and category for each cost
    ten times the query itself."""
    # The newest ids in the box first, then the few columns of just those rows: joining each
    # report in the box to its case before sorting cost more than the rest together.
    in_box = reports_in_box(filters=filters, south=south, west=west, north=north, east=east)
    if (north - south) * (east - west) <= SMALL_BOX:
        # A small box holds few reports: find them through the (lat, lng) index and sort just
        # those. Ordering by a plain created_at lets PostgreSQL walk the newest-first index
        # through the whole table looking for them (measured 3–10 times slower at 1M).
        in_box = in_box.order_by(Coalesce("created_at", "created_at").desc())
    newest = in_box.values("pk")[:limit]
    rows = (
        Report.objects.filter(pk__in=newest)
        .order_by("-created_at")
        .values_list(
            "case__public_id",
            "lat",
            "lng",
            "case__title",
            "category__code",
            "status",
            "case__definition_id",
            "case__state",
        )
    )
    names: dict[tuple[int, str], str] = {}
    pins = []
    for public_id, lat, lng, title, category, status, definition_id, state in rows:
        name = names.get((definition_id, state))
        if name is None:
            found = workflow_by_id(definition_id).states.get(state)
            name = names[(definition_id, state)] = found.display_name if found else state
        pins.append(Pin(public_id, lat, lng, title, category, status, name))
    return pins


def report_public(*, public_id: Any) -> Report | None:
    return reports_public().filter(case__public_id=public_id).first()


def report_for_official(*, user: Any, public_id: Any) -> Report | None:
    report = (
        Report.objects.select_related("case", "case__agency", "category", "case__applicant")
        .filter(case__public_id=public_id)
        .first()
    )
    return report if report is not None and can_view(user, report.case.agency) else None


def report_photos(*, report: Report, official: bool) -> dict[str, list[ReportPhoto]]:
    photos = report.photos.order_by("created_at")
    if not official:
        photos = photos.filter(is_hidden=False)
    grouped: dict[str, list[ReportPhoto]] = {"before": [], "after": []}
    for photo in photos:
        grouped[photo.kind].append(photo)
    return grouped


def report_state_name(report: Report) -> str:
    workflow = workflow_by_id(report.case.definition_id)
    state = workflow.states.get(report.case.state)
    return state.display_name if state else report.case.state


def categories_active() -> QuerySet[ReportCategory]:
    return ReportCategory.objects.filter(is_active=True).order_by("order", "code")
