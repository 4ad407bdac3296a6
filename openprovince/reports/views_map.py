"""The public map of reports (and its JSON), the statistics page, and following an area.

The map page works without JavaScript: it shows the same filtered reports as a list, and
`map.js` (with Leaflet, loaded on this page only) draws the map above that list.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import number_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openprovince.accounts.models import User
from openprovince.agencies.models import Agency
from openprovince.agencies.selectors import agencies_local
from openprovince.core.access import public, signed_in
from openprovince.core.errors import AppError

from .selectors import (
    ReportFilters,
    categories_active,
    report_pins_in_box,
    report_state_name,
    reports_page,
)
from .services.areas import agency_box, area_by_code, area_follow, province_box
from .stats import PERIODS, period_days, reports_stats

MAP_LIMIT = 500
MAX_BOX_DEGREES = 2.0
DAYS = PERIODS  # the map's time filter offers the same periods as the statistics
_ANY_ID = uuid.UUID(int=0)


@dataclass(frozen=True)
class MapQuery:
    """The filters of the map page and its JSON, as parsed from the query string."""

    filters: ReportFilters
    days: int | None
    errors: dict[str, list[str]]

    def as_query(self) -> str:
        """The filters again, for links and the JSON URL (only those that are set)."""
        pairs = {
            "category": self.filters.category,
            "status": self.filters.status,
            "agency": self.filters.agency,
            "days": str(self.days or ""),
        }
        return urlencode({k: v for k, v in pairs.items() if v})


def _map_query(get: QueryDict) -> MapQuery:
    errors: dict[str, list[str]] = {}
    status = get.get("status", "")
    if status not in {"", "open", "closed"}:
        errors["status"] = [_("Choose open or closed.")]
        status = ""
    raw_days = get.get("days", "")
    days = int(raw_days) if raw_days in {str(d) for d in DAYS} else None
    if raw_days and days is None:
        errors["days"] = [_("Choose 7, 30 or 90 days.")]
    since = timezone.now() - timedelta(days=days) if days else None
    filters = ReportFilters(
        category=get.get("category", "")[:40],
        status=status,
        agency=get.get("agency", "")[:40],
        since=since,
    )
    return MapQuery(filters=filters, days=days, errors=errors)


def _number(get: QueryDict, name: str, low: float, high: float, errors: dict[str, Any]) -> float:
    raw = get.get(name, "").strip()
    try:
        value = float(raw) if 0 < len(raw) <= 32 else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        errors[name] = [_("Give a number.")]
    elif not low <= value <= high:
        errors[name] = [_("Out of range.")]
    return value


def _box(get: QueryDict) -> tuple[float, float, float, float]:
    """(south, west, north, east) or AppError: numbers, in range, south < north, west < east,
    at most MAX_BOX_DEGREES each way."""
    errors: dict[str, list[str]] = {}
    south = _number(get, "south", -90, 90, errors)
    north = _number(get, "north", -90, 90, errors)
    west = _number(get, "west", -180, 180, errors)
    east = _number(get, "east", -180, 180, errors)
    if not errors:
        if south >= north:
            errors["north"] = [_("North must be greater than south.")]
        if west >= east:
            errors["east"] = [_("East must be greater than west.")]
        if north - south > MAX_BOX_DEGREES or east - west > MAX_BOX_DEGREES:
            errors["box"] = [_("The area may be at most 2° × 2°. Zoom in.")]
    if errors:
        raise AppError("reports.bad_box", _("The map area is not valid."), fields=errors)
    return south, west, north, east


def _json_error(exc: AppError) -> JsonResponse:
    return JsonResponse(exc.as_dict(), status=exc.status)


@public
@require_GET
def map_json(request: HttpRequest) -> JsonResponse:
    """Public reports with a place inside a box, newest first, at most MAP_LIMIT. Only public
    facts: never who reported, never a hidden report."""
    query = _map_query(request.GET)
    try:
        south, west, north, east = _box(request.GET)
    except AppError as exc:
        exc.fields.update(query.errors)
        return _json_error(exc)
    if query.errors:
        return _json_error(
            AppError("reports.bad_filter", _("A filter is not valid."), fields=query.errors)
        )
    found = report_pins_in_box(
        filters=query.filters,
        south=south,
        west=west,
        north=north,
        east=east,
        limit=MAP_LIMIT + 1,
    )
    link = reverse("reports:detail", kwargs={"public_id": _ANY_ID})
    rows = [
        {
            "id": str(pin.public_id),
            "lat": pin.lat,
            "lng": pin.lng,
            "title": pin.title,
            "category": pin.category,
            "status": pin.status,
            "state_name": pin.state_name,
            "url": link.replace(str(_ANY_ID), str(pin.public_id)),
        }
        for pin in found[:MAP_LIMIT]
    ]
    response = JsonResponse(
        {"reports": rows, "truncated": len(found) > MAP_LIMIT},
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )
    patch_cache_control(response, private=True, max_age=60)
    return response


def _map_text() -> dict[str, str]:
    """The strings map.js shows, translated here. Counts are left as {n} for the script to
    fill in; no Python formatting, so a slip in a translation cannot break the page."""
    return {
        "zoom_in": _("Zoom in"),
        "zoom_out": _("Zoom out"),
        "close": _("Close"),
        "see": _("See the report"),
        "cluster": _("{n} reports here: zoom in"),
        "loading": _("Loading the reports…"),
        "count": _("{n} reports on the map."),
        "none": _("No reports here match the filters."),
        "truncated": _(
            "Only the newest {limit} reports are shown. Zoom in to see the others."
        ).replace("{limit}", number_format(MAP_LIMIT, force_grouping=True)),
        "too_wide": _("Only the middle of the map shows reports. Zoom in to see more."),
        "failed": _("The reports could not be loaded. The list below has them."),
    }


@public
@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    query = _map_query(request.GET)
    raw = request.GET.get("page", "1")
    page = reports_page(
        filters=query.filters, page_number=int(raw) if raw.isdigit() and len(raw) < 7 else 1
    )
    area = area_by_code(query.filters.agency)
    box = (agency_box(area) if area is not None else None) or province_box()
    filter_query = query.as_query()
    return render(
        request,
        "reports/map.html",
        {
            "page": page,
            "rows": [(r, report_state_name(r)) for r in page.object_list],
            "filters": query.filters,
            "days": query.days,
            "day_choices": DAYS,
            "categories": categories_active(),
            "wards": agencies_local(),
            "query": filter_query,
            "json_url": f"{reverse('reports:map_json')}?{filter_query}",
            "box": box.as_data() if box else "",
            "tile_url": settings.MAP_TILE_URL,
            "attribution": settings.MAP_ATTRIBUTION,
            "map_text": _map_text(),
        },
    )


@public
@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    days = period_days(request.GET.get("days"))
    return render(
        request,
        "reports/stats.html",
        {"table": reports_stats(days=days), "periods": PERIODS, "days": days},
    )


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("reports:index")


@signed_in
@require_http_methods(["GET", "POST"])
def area_follow_view(request: HttpRequest) -> HttpResponse:
    """Follow (or stop following) new reports in a commune or ward; back to where the form
    was. A GET (after signing in from a form) just goes to the reports."""
    if request.method != "POST":
        return redirect("reports:index")
    user = request.user
    assert isinstance(user, User)
    code = request.POST.get("agency", "")[:40]
    on = request.POST.get("do") != "unfollow"
    # Stopping works for any agency (even one that is no longer a commune or ward).
    area = area_by_code(code) if on else Agency.objects.filter(code=code).first()
    if area is None:
        messages.error(request, _("Choose a commune or ward."))
        return redirect(_back(request))
    try:
        changed = area_follow(user=user, agency=area, on=on)
    except AppError as exc:
        messages.error(request, exc.message)
        return redirect(_back(request))
    if on:
        text = (
            _("You now follow new reports in %(area)s. We will tell you about each new one.")
            if changed
            else _("You already follow new reports in %(area)s.")
        )
    else:
        text = _("You no longer follow new reports in %(area)s.")
    messages.success(request, text % {"area": area.name})
    return redirect(_back(request))
