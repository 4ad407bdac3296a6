"""JSON API for news (`/api/v1/news…`, `/api/v1/me/news-areas`): the public feed (area,
category, search), one article with its pictures and files, the categories, and a signed-in
person's areas for urgent notices. Only published, current articles are public."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.decorators import decorate_view

from openprovince.accounts.api import private, signed_in
from openprovince.accounts.current import api_user
from openprovince.core.errors import AppError, NotFound

from .models import Article, NewsCategory
from .pictures import article_pictures
from .selectors import Filters, area_by_code, article_public, categories_active, news_feed
from .services.follows import news_follow, news_follows_of, news_unfollow

router = Router(tags=["news"])
PAGE_SIZE = 20


class CategoryOut(Schema):
    code: str
    name: str


class AreaOut(Schema):
    code: str
    name: str


class ArticleSummaryOut(Schema):
    id: str
    title: str
    summary: str
    category: CategoryOut
    agency: AreaOut
    urgent: bool
    pinned: bool
    published_at: datetime
    url: str


class ArticlePageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[ArticleSummaryOut]


class ImageOut(Schema):
    alt: str
    width: int
    height: int
    fallback: str
    srcset: str


class FileOut(Schema):
    title: str
    size: int
    url: str


class ArticleOut(ArticleSummaryOut):
    body_html: str
    body_text: str
    expires_at: datetime | None
    whole_province: bool
    areas: list[AreaOut]
    images: list[ImageOut]
    files: list[FileOut]
    text_url: str


class AreaIn(Schema):
    area: str


def _ref(agency: Any) -> dict[str, str]:
    return {"code": agency.code, "name": agency.display_name}


def _summary(article: Article) -> dict[str, Any]:
    return {
        "id": article.public_id,
        "title": article.title,
        "summary": article.summary,
        "category": {"code": article.category.code, "name": article.category.display_name},
        "agency": _ref(article.agency),
        "urgent": article.is_urgent,
        "pinned": article.is_pinned,
        "published_at": article.publish_at,
        "url": reverse("news:detail", args=[article.public_id]),
    }


@router.get("/news/categories", response=list[CategoryOut], summary="News categories")
def list_categories(request: HttpRequest) -> list[dict[str, str]]:
    return [{"code": c.code, "name": c.display_name} for c in categories_active()]


@router.get(
    "/news",
    response=ArticlePageOut,
    summary="Published news: pinned first, then newest; for an area, its own and the "
    "province's; q searches without diacritics",
)
def list_news(
    request: HttpRequest, area: str = "", category: str = "", q: str = "", page: int = 1
) -> dict[str, Any]:
    filters = Filters(
        area=_area(area) if area else None,
        category=_category(category) if category else None,
        query=" ".join(q.split())[:100],
    )
    result = Paginator(news_feed(filters), PAGE_SIZE).get_page(max(1, min(page, 10_000)))
    return {
        "count": result.paginator.count,
        "page": result.number,
        "pages": result.paginator.num_pages,
        "items": [_summary(a) for a in result.object_list],
    }


@router.get("/news/{public_id}", response=ArticleOut, summary="One published article")
def get_article(request: HttpRequest, public_id: str) -> dict[str, Any]:
    article = article_public(public_id[:12])
    if article is None:
        raise NotFound("news.not_found", _("This article does not exist or is no longer shown."))
    return {
        **_summary(article),
        "body_html": article.body_html,
        "body_text": article.body_text,
        "expires_at": article.expires_at,
        "whole_province": article.whole_province,
        "areas": [] if article.whole_province else [_ref(a) for a in article.areas.all()],
        "images": article_pictures(article),
        "files": [
            {
                "title": f.title,
                "size": f.size,
                "url": reverse("news:attachment", args=[article.public_id, f.public_id]),
            }
            for f in article.attachments.all()
        ],
        "text_url": reverse("news:plain", args=[article.public_id]),
    }


@router.get(
    "/me/news-areas",
    response=list[AreaOut],
    auth=signed_in,
    summary="Communes/wards whose urgent notices I receive",
)
@decorate_view(private)
def my_areas(request: HttpRequest) -> list[dict[str, str]]:
    return [_ref(a) for a in news_follows_of(api_user(request))]


@router.post(
    "/me/news-areas",
    response={200: list[AreaOut], 201: list[AreaOut]},
    auth=signed_in,
    summary="Receive urgent notices for a commune/ward (at most 5)",
)
@decorate_view(private)
def follow_area(request: HttpRequest, body: AreaIn) -> Status[list[dict[str, str]]]:
    user = api_user(request)
    created = news_follow(user=user, agency=_area(body.area))
    return Status(201 if created else 200, [_ref(a) for a in news_follows_of(user)])


@router.delete(
    "/me/news-areas/{code}",
    response={204: None},
    auth=signed_in,
    summary="Stop urgent notices for a commune/ward",
)
@decorate_view(private)
def unfollow_area(request: HttpRequest, code: str) -> Status[None]:
    news_unfollow(user=api_user(request), agency=_area(code))
    return Status(204, None)


def _area(code: str) -> Any:
    area = area_by_code(code)
    if area is None:
        message = _("Choose your commune or ward from the list.")
        raise AppError("news.unknown_area", message, fields={"area": [message]})
    return area


def _category(code: str) -> NewsCategory:
    category = categories_active().filter(code=code[:40]).first()
    if category is None:
        raise AppError(
            "news.unknown_category",
            _("Unknown category."),
            fields={"category": [_("Unknown category.")]},
        )
    return category
