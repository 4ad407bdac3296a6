"""Reads for the public directory (certified shops only) and for owners."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet

from openprovince.accounts.models import User
from openprovince.fulltext.selectors import fulltext_search

from .hours import minute_of_week
from .models import Shop, ShopOpenSlot

SEARCH_LIMIT = 100
NEAR_RADII_KM = (1.0, 3.0, 10.0, 30.0)  # widened until enough shops are found
EARTH_KM = 6371.0
# Points read per box at most: a dense town centre at the widest radius stays cheap.
NEAR_POINTS = 5000


@dataclass(frozen=True)
class Filters:
    query: str = ""
    category: str = ""
    ward: str = ""  # agency code
    method: str = ""
    open_at: datetime | None = None  # "open now": the time to check


@dataclass(frozen=True)
class Near:
    shop: Shop
    km: float


def shops_public() -> QuerySet[Shop]:
    return Shop.objects.filter(status=Shop.Status.APPROVED).select_related("category", "ward")


def shops_owned(*, owner: User) -> QuerySet[Shop]:
    return (
        Shop.objects.filter(owner=owner)
        .exclude(status=Shop.Status.WITHDRAWN)
        .select_related("category", "ward")
        .order_by("-updated_at")
    )


def _filtered(filters: Filters) -> QuerySet[Shop]:
    shops = shops_public()
    if filters.category:
        shops = shops.filter(category__code=filters.category)
    if filters.ward:
        shops = shops.filter(ward__code=filters.ward)
    if filters.method:
        shops = shops.filter(methods_key__contains=f"|{filters.method}|")
    if filters.open_at is not None:
        minute = minute_of_week(filters.open_at)
        # A semi-join: each shop is checked while the shops are walked newest first.
        open_now = ShopOpenSlot.objects.filter(
            shop=OuterRef("pk"), start__lte=minute, end__gt=minute
        )
        shops = shops.filter(Exists(open_now))
    return shops


def shops_directory(filters: Filters, *, limit: int = 30, offset: int = 0) -> list[Shop]:
    """Certified shops matching the filters: by relevance when there is a query (diacritics
    and typos forgiven), else the most recently certified first."""
    shops = _filtered(filters)
    if not filters.query.strip():
        return list(shops.order_by("-approved_at", "-id")[offset : offset + limit])
    # Ranked matches cost in proportion to how many are asked for: only the page's, unless
    # other filters may drop some of them.
    narrowed = filters.category or filters.method or filters.open_at is not None
    wanted = SEARCH_LIMIT if narrowed else min(SEARCH_LIMIT, offset + limit)
    matches = fulltext_search(
        kind="shop", query=filters.query, limit=wanted, scope=filters.ward or None
    )
    rank = {int(m.key): n for n, m in enumerate(matches)}
    found = list(shops.filter(pk__in=list(rank)))
    found.sort(key=lambda shop: rank[shop.pk])
    return found[offset : offset + limit]


def shops_directory_count(filters: Filters) -> int:
    """How many certified shops the filters keep, the query aside (a query's ranked matches,
    at most SEARCH_LIMIT, are counted by reading them once: see the API's list)."""
    return _filtered(filters).count()


def shops_near(*, lat: float, lng: float, filters: Filters, limit: int = 20) -> list[Near]:
    """The nearest certified shops, nearest first: the points in a box around the person
    (indexed), widened until `limit` shops lie within its radius, then exact distances; only
    the chosen shops are read in full."""
    ranked: list[tuple[float, int]] = []
    for radius in NEAR_RADII_KM:
        dlat = math.degrees(radius / EARTH_KM)
        dlng = dlat / max(math.cos(math.radians(lat)), 0.01)
        points = _filtered(filters).filter(
            lat__gte=lat - dlat, lat__lte=lat + dlat, lng__gte=lng - dlng, lng__lte=lng + dlng
        )
        ranked = sorted(
            (_km(lat, lng, p_lat, p_lng), pk)
            for pk, p_lat, p_lng in points.values_list("pk", "lat", "lng")[:NEAR_POINTS]
            if p_lat is not None and p_lng is not None
        )
        if sum(1 for km, _ in ranked if km <= radius) >= limit:
            break
    ranked = ranked[:limit]
    shops = shops_public().in_bulk([pk for _, pk in ranked])
    return [Near(shops[pk], round(km, 2)) for km, pk in ranked if pk in shops]


def _km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))
