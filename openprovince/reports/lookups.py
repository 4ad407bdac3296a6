"""Per-process copies of the admin-managed data every submission reads: the active categories
(with the agency types that handle each) and the agencies' boundaries for routing.

Each copy is rebuilt when its content version moves (agencies: every `agency_write` bumps
"agencies"; categories: the admin bumps CATEGORIES_NAMESPACE), after TTL seconds in any case
(a writer that forgot to bump is seen within a minute), and when the Django cache was cleared
(a marker per process lives there: tests and operators start afresh with `cache.clear()`).
Callers get copies of the model instances, never the shared ones.
"""

from __future__ import annotations

import copy
import itertools
import time
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.core.cache import cache

from openprovince.agencies.models import Agency
from openprovince.agencies.selectors import agencies_public
from openprovince.agencies.services import CONTENT_NAMESPACE as AGENCIES_NAMESPACE
from openprovince.core.content_versions import content_version_bump, content_version_get
from openprovince.core.geo import Area, parse_area

from .models import ReportCategory

T = TypeVar("T")

CATEGORIES_NAMESPACE = "reports.categories"
TTL = 60.0  # seconds a process keeps a copy at most
_PROCESS = uuid.uuid4().hex  # this process's markers in a shared cache (Redis) never collide
_stamps = itertools.count(1)


@dataclass(frozen=True)
class _Copy:
    built: float
    versions: tuple[int, ...]
    stamp: int
    value: Any


_copies: dict[str, _Copy] = {}


def _process_cached(name: str, namespaces: tuple[str, ...], build: Callable[[], T]) -> T:
    now = time.monotonic()
    versions = tuple(content_version_get(namespace=n) for n in namespaces)  # before building
    marker = f"reports:lookup:{name}:{_PROCESS}"
    held = _copies.get(name)
    if (
        held is not None
        and now - held.built < TTL
        and held.versions == versions
        and cache.get(marker) == held.stamp
    ):
        value: T = held.value
        return value
    value = build()
    stamp = next(_stamps)
    cache.set(marker, stamp, int(TTL) + 1)
    _copies[name] = _Copy(built=now, versions=versions, stamp=stamp, value=value)
    return value


def categories_changed() -> None:
    """Call inside the transaction that changes report categories (or their agency types)."""
    content_version_bump(namespace=CATEGORIES_NAMESPACE)


# --- categories ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Categories:
    active_by_code: dict[str, ReportCategory]
    type_codes: dict[int, frozenset[str]]  # every category's handling agency types, by id
    type_ids: dict[int, frozenset[int]]


def _categories_build() -> _Categories:
    active: dict[str, ReportCategory] = {}
    codes: dict[int, frozenset[str]] = {}
    ids: dict[int, frozenset[int]] = {}
    for category in ReportCategory.objects.prefetch_related("agency_types"):
        types = list(category.agency_types.all())
        codes[category.pk] = frozenset(t.code for t in types)
        ids[category.pk] = frozenset(t.pk for t in types)
        if category.is_active:
            category._prefetched_objects_cache = {}  # type: ignore[attr-defined]
            active[category.code] = category
    return _Categories(active_by_code=active, type_codes=codes, type_ids=ids)


def _categories() -> _Categories:
    return _process_cached("categories", (CATEGORIES_NAMESPACE,), _categories_build)


def category_active(*, code: str) -> ReportCategory | None:
    """The active category with this code (as `categories_active().filter(code=…)`)."""
    found = _categories().active_by_code.get(code[:40]) if code else None
    return copy.copy(found) if found is not None else None


def category_type_codes(category: ReportCategory) -> frozenset[str]:
    """Codes of the agency types that handle the category."""
    found = _categories().type_codes.get(category.pk)
    if found is None:  # newer than our copy
        return frozenset(category.agency_types.values_list("code", flat=True))
    return found


def category_handled_by_type(category: ReportCategory, type_id: int) -> bool:
    found = _categories().type_ids.get(category.pk)
    if found is None:
        return category.agency_types.filter(pk=type_id).exists()
    return type_id in found


# --- agency boundaries -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    agency: Agency
    type_code: str
    min_lat: float
    max_lat: float
    min_lng: float
    max_lng: float
    area: Area


_areas: dict[int, tuple[datetime, Area]] = {}  # parsed boundaries, kept across rebuilds


def _places_build() -> tuple[_Place, ...]:
    # Boundaries are deferred (copies handed out stay small, like agency_containing_point's)
    # and read only for agencies this process has not parsed in their current version.
    rows = list(
        agencies_public()
        .filter(boundary__isnull=False, min_lat__isnull=False)
        .defer("boundary", "search_text", "name_folded", "description")
    )
    stale = [a.pk for a in rows if a.pk not in _areas or _areas[a.pk][0] != a.updated_at]
    if stale:
        for pk, updated_at, boundary in Agency.objects.filter(pk__in=stale).values_list(
            "pk", "updated_at", "boundary"
        ):
            if boundary is not None:
                _areas[pk] = (updated_at, parse_area(boundary))
    return tuple(
        _Place(
            agency=agency,
            type_code=agency.type.code,
            min_lat=float(agency.min_lat or 0),
            max_lat=float(agency.max_lat or 0),
            min_lng=float(agency.min_lng or 0),
            max_lng=float(agency.max_lng or 0),
            area=_areas[agency.pk][1],
        )
        for agency in rows
        if agency.pk in _areas
    )


def agency_at(*, lat: float, lng: float, type_codes: Collection[str] = ()) -> Agency | None:
    """As `agency_containing_point` (the deepest active agency whose boundary holds the point,
    ties by code; only those of `type_codes` when given), from this process's copy."""
    places: tuple[_Place, ...] = _process_cached("places", (AGENCIES_NAMESPACE,), _places_build)
    best: _Place | None = None
    for place in places:
        if (
            place.min_lat <= lat <= place.max_lat
            and place.min_lng <= lng <= place.max_lng
            and (not type_codes or place.type_code in type_codes)
            and place.area.contains(lng, lat)
            and (
                best is None
                or (-place.agency.depth, place.agency.code) < (-best.agency.depth, best.agency.code)
            )
        ):
            best = place
    return copy.copy(best.agency) if best is not None else None
