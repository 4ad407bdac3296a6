"""Reads of the agency tree."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from openprovince.core.geo import Area, parse_area
from openprovince.core.text import fold_terms

from .models import Agency, AgencyType

DIRECTORY_PAGE_SIZE = 20
# The lowest level of local government (cấp xã, two-tier since 2025): communes, wards and the
# special zones (đặc khu) that stand at the same level.
LOCAL_TYPES: tuple[str, ...] = ("ward", "commune", "special-zone")
_areas: dict[int, tuple[datetime, Area]] = {}  # parsed boundaries, per process


def agencies_local() -> QuerySet[Agency]:
    """Active communes, wards and special zones, by name (every "your commune or ward" list)."""
    return Agency.objects.filter(is_active=True, type__code__in=LOCAL_TYPES).order_by("name")


def agencies_public() -> QuerySet[Agency]:
    return Agency.objects.filter(is_active=True).select_related("type")


def agency_get_public(*, code: str) -> Agency | None:
    try:  # get(), not first(): no ORDER BY to build for a unique lookup
        return agencies_public().select_related("parent").get(code=code)
    except Agency.DoesNotExist:
        return None


def agencies_search(*, query: str = "", type_code: str = "") -> QuerySet[Agency]:
    """Active agencies whose folded text holds every folded word of `query`.

    Ranked: the whole query inside the name first, then every word in the name, then matches
    elsewhere (address, duties); within a rank by agency type and name.
    """
    qs = agencies_public()
    terms = fold_terms(query)[:8]
    for term in terms:
        qs = qs.filter(search_text__contains=term)
    if type_code:
        qs = qs.filter(type__code=type_code)
    if not terms:
        return qs.order_by("type__order", "name", "code")
    all_in_name = Q()
    for term in terms:
        all_in_name &= Q(name_folded__contains=term)
    rank = Case(
        When(name_folded__contains=" ".join(terms), then=Value(0)),
        When(all_in_name, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return qs.annotate(rank=rank).order_by("rank", "type__order", "name", "code")


def agency_directory_page(
    *, query: str, type_code: str, page_number: int, with_parent: bool = False
) -> Page[Any]:
    qs = agencies_search(query=query, type_code=type_code)
    paginator = Paginator(qs.select_related("parent") if with_parent else qs, DIRECTORY_PAGE_SIZE)
    return paginator.get_page(page_number)


def agency_subtree(*, agency: Agency, include_self: bool = True) -> QuerySet[Agency]:
    qs = Agency.objects.filter(path__startswith=agency.path)
    return qs if include_self else qs.exclude(pk=agency.pk)


def agency_ancestors(*, agency: Agency) -> list[Agency]:
    """From the root down to the parent."""
    ids = [int(seg) for seg in agency.path.split(".") if seg][:-1]
    by_id = Agency.objects.select_related("type").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def agency_children_public(*, agency: Agency) -> QuerySet[Agency]:
    return agencies_public().filter(parent=agency).order_by("type__order", "name")


def _area_of(agency: Agency) -> Area:
    cached = _areas.get(agency.pk)
    if cached and cached[0] == agency.updated_at:
        return cached[1]
    assert agency.boundary is not None  # deferred by the caller: loaded here, once per change
    area = parse_area(agency.boundary)
    _areas[agency.pk] = (agency.updated_at, area)
    return area


def agency_containing_point(
    *, lat: float, lng: float, type_code: str = "", type_codes: Sequence[str] = ()
) -> Agency | None:
    """The deepest active agency whose boundary contains the point (edges count as inside).

    With `type_code`, only agencies of that type are considered. Two agencies at the same
    depth that both contain the point (it lies on their shared border) are decided by code,
    so the answer never depends on row order.
    """
    # The boundary (a real ward's runs to thousands of points) is read only when this process
    # has not parsed that version yet; the bounding box does the rest.
    candidates = agencies_public().defer("boundary", "search_text", "name_folded", "description")
    candidates = candidates.filter(
        boundary__isnull=False,
        min_lat__lte=lat,
        max_lat__gte=lat,
        min_lng__lte=lng,
        max_lng__gte=lng,
    )
    if type_code:
        candidates = candidates.filter(type__code=type_code)
    if type_codes:
        candidates = candidates.filter(type__code__in=list(type_codes))
    matches = [a for a in candidates if _area_of(a).contains(lng, lat)]
    if not matches:
        return None
    return min(matches, key=lambda a: (-a.depth, a.code))


def agency_filter_choices() -> list[tuple[str, str]]:
    """Agency types that have active agencies, for the directory filter."""
    types = AgencyType.objects.filter(agency__is_active=True).distinct().order_by("order", "code")
    return [(t.code, t.display_name) for t in types]
