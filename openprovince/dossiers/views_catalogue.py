"""The public procedure catalogue (`/procedures/`): search, browse, detail."""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from openprovince.agencies.selectors import LOCAL_TYPES
from openprovince.core.access import public
from openprovince.core.text import vnd
from openprovince.web.page_cache import cached_guest_page
from openprovince.web.search import search_query_clean

from .catalogue.services import CONTENT_NAMESPACE
from .models import Procedure
from .selectors_catalogue import (
    ProcedureFilters,
    life_events_in_use,
    procedure_agencies_in_use,
    procedure_catalogue_page,
    procedure_fields_in_use,
    procedure_get_public,
)

AGENCIES_NAMESPACE = "agencies"  # agency names show on these pages
FILTER_RE = re.compile(r"^[A-Za-z0-9._-]{1,60}$")
# Symbols of the life-event sprite (templates/dossiers/catalogue/_icons.html).
EVENT_ICONS = {"baby", "rings", "shop", "house", "land", "candle", "family", "health", "doc"}


def _page_number(raw: str) -> int:
    return int(raw) if raw.isdigit() and len(raw) < 6 else 1


def _filter_value(raw: str) -> str:
    return raw if FILTER_RE.match(raw) else ""


def _filters(request: HttpRequest) -> ProcedureFilters:
    level = request.GET.get("level", "")
    return ProcedureFilters(
        field=_filter_value(request.GET.get("field", "")),
        life_event=_filter_value(request.GET.get("event", "")),
        agency=_filter_value(request.GET.get("agency", "")),
        agency_type=_filter_value(request.GET.get("type", "")),
        online_level=level if level in Procedure.OnlineLevel.values else "",
    )


def _filter_query(filters: ProcedureFilters) -> str:
    """The filters as URL parameters (for the pager and the search form)."""
    pairs = [
        ("field", filters.field),
        ("event", filters.life_event),
        ("agency", filters.agency),
        ("type", filters.agency_type),
        ("level", filters.online_level),
    ]
    return "&".join(f"{name}={value}" for name, value in pairs if value)


@public
@require_GET
@cached_guest_page(CONTENT_NAMESPACE, AGENCIES_NAMESPACE)
def index(request: HttpRequest) -> HttpResponse:
    query = search_query_clean(request.GET.get("q", ""))
    filters = _filters(request)
    page = procedure_catalogue_page(
        query=query, filters=filters, page_number=_page_number(request.GET.get("page", "1"))
    )
    context: dict[str, Any] = {
        "page": page,
        "query": query,
        "filters": filters,
        "filter_query": _filter_query(filters),
    }
    if request.headers.get("HX-Request"):
        return render(request, "dossiers/catalogue/_results.html", context)
    agencies, agency_types = procedure_agencies_in_use()
    # Communes and wards are the same level (cấp xã): one chip for both.
    type_chips: list[dict[str, Any]] = []
    for agency_type in agency_types:
        local = agency_type.code in LOCAL_TYPES
        if local and any(chip["local"] for chip in type_chips):
            continue
        type_chips.append(
            {
                "code": agency_type.code,
                "label": _("Commune or ward People's Committee")
                if local
                else agency_type.display_name,
                "local": local,
                "current": filters.agency_type == agency_type.code
                or (local and filters.agency_type in LOCAL_TYPES),
            }
        )
    events = life_events_in_use()
    for event in events:
        event.icon_id = event.icon if event.icon in EVENT_ICONS else "doc"  # type: ignore[attr-defined]
    fields = procedure_fields_in_use()
    context.update(
        fields=fields,
        events=events,
        agencies=agencies,
        type_chips=type_chips,
        filter_label=_filter_label(filters, fields, events, agencies, type_chips),
    )
    return render(request, "dossiers/catalogue/index.html", context)


def _filter_label(
    filters: ProcedureFilters,
    fields: list[Any],
    events: list[Any],
    agencies: list[Any],
    type_chips: list[dict[str, Any]],
) -> str:
    """The name of what the list is narrowed to, for its heading ("" when not narrowed)."""
    for code, items in (
        (filters.life_event, events),
        (filters.field, fields),
        (filters.agency, agencies),
    ):
        if code:
            return next((item.display_name for item in items if item.code == code), "")
    if filters.agency_type:
        return next((str(chip["label"]) for chip in type_chips if chip["current"]), "")
    if filters.online_level:
        return str(Procedure.OnlineLevel(filters.online_level).label)
    return ""


def _apply_url(procedure: Procedure) -> str | None:
    try:
        return reverse("dossiers:apply", kwargs={"code": procedure.code})
    except NoReverseMatch:  # the apply form (dossiers part) is not wired yet
        return None


def _fees(procedure: Procedure) -> list[tuple[str, str]]:
    english = get_language() == "en"
    rows = []
    for fee in procedure.fees:
        label = (fee.get("label_en") if english else "") or fee.get("label", "")
        amount = int(fee.get("amount") or 0)
        rows.append((label, vnd(amount) if amount else _("Free of charge")))
    return rows


def _localised(items: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Each item with `shown`: the English text when the page is in English and it has one."""
    english = get_language() == "en"
    return [
        {**item, "shown": (item.get(f"{key}_en") if english else "") or item.get(key, "")}
        for item in items
    ]


@public
@require_GET
@cached_guest_page(CONTENT_NAMESPACE, AGENCIES_NAMESPACE)
def detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = procedure_get_public(code=code)
    if procedure is None:
        raise Http404
    agency_types = list(procedure.agency_types.all())
    return render(
        request,
        "dossiers/catalogue/detail.html",
        {
            "procedure": procedure,
            "fees": _fees(procedure),
            "is_free": procedure.fee_total == 0,
            "documents": _localised(procedure.documents, "name"),
            "steps": _localised(procedure.steps, "text"),
            "life_events": list(procedure.life_events.all()),
            "agency_types": agency_types,
            "local_agency": bool(agency_types)
            and {t.code for t in agency_types} <= set(LOCAL_TYPES),
            "apply_url": _apply_url(procedure),
        },
    )
