"""Reads for the public news pages, feeds and the home strip.

Visible: published, its time has come, not expired. For a commune/ward: what targets the
whole province or that area. Without an area: what targets the whole province.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from openprovince.agencies.models import Agency
from openprovince.agencies.selectors import agencies_local
from openprovince.fulltext.selectors import fulltext_search

from .models import Article, NewsCategory
from .names import FULLTEXT_KIND

SEARCH_LIMIT = 100
URGENT_ON_HOME = timedelta(days=3)  # then an urgent notice is news like any other


@dataclass(frozen=True)
class Filters:
    area: Agency | None = None
    category: NewsCategory | None = None
    query: str = ""


def articles_visible() -> QuerySet[Article]:
    now = timezone.now()
    return Article.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now),
        status=Article.Status.PUBLISHED,
        publish_at__lte=now,
    )


def articles_for_area(area: Agency | None) -> QuerySet[Article]:
    visible = articles_visible()
    if area is None:
        return visible.filter(whole_province=True)
    targeted = Article.areas.through.objects.filter(agency_id=area.pk).values("article_id")
    return visible.filter(Q(whole_province=True) | Q(pk__in=targeted))


def news_feed(filters: Filters) -> QuerySet[Article]:
    """Pinned first, then newest. With a query: only matches (diacritics and typos do not
    matter), best first within the pinned/unpinned groups' date order."""
    rows = articles_for_area(filters.area)
    if filters.category is not None:
        rows = rows.filter(category=filters.category)
    if filters.query:
        keys = [
            m.key
            for m in fulltext_search(kind=FULLTEXT_KIND, query=filters.query, limit=SEARCH_LIMIT)
        ]
        rows = rows.filter(public_id__in=keys)
    return rows.select_related("category", "agency").order_by("-is_pinned", "-publish_at", "-id")


def news_urgent(area: Agency | None, *, limit: int = 3) -> list[Article]:
    """Urgent notices of the last three days for the home screen (for an area: its own and
    the province's)."""
    return list(
        articles_for_area(area)
        .filter(is_urgent=True, publish_at__gte=timezone.now() - URGENT_ON_HOME)
        .select_related("agency")
        .order_by("-publish_at", "-id")[:limit]
    )


def news_strip(area: Agency | None, *, limit: int = 3) -> list[Article]:
    """The newest items for the home screen but the urgent notices shown above them."""
    recent_urgent = Q(is_urgent=True, publish_at__gte=timezone.now() - URGENT_ON_HOME)
    return list(
        articles_for_area(area)
        .exclude(recent_urgent)
        .select_related("category")
        .order_by("-is_pinned", "-publish_at", "-id")[:limit]
    )


def article_public(public_id: str) -> Article | None:
    return (
        articles_visible().select_related("category", "agency").filter(public_id=public_id).first()
    )


def area_by_code(code: str) -> Agency | None:
    if not code or len(code) > 40:
        return None
    return agencies_local().filter(code=code).first()


def categories_active() -> QuerySet[NewsCategory]:
    return NewsCategory.objects.filter(is_active=True)
