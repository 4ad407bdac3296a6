"""`/news/`: the feed (by category, by the device's commune/ward, search without diacritics),
an article's page with "read aloud" and a plain-text view, its pictures and files, and the
RSS/Atom feeds. Guests' pages are cached by the "news" content version and their cookies."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from openprovince.accounts.current import request_user
from openprovince.accounts.rules import can_view
from openprovince.agencies.models import Agency
from openprovince.agencies.selectors import agencies_local
from openprovince.core.access import public, signed_in
from openprovince.core.errors import AppError
from openprovince.core.paging import CappedPaginator
from openprovince.core.uploads.storage import upload_response
from openprovince.web.page_cache import cached_guest_page
from openprovince.web.preferences import AREA_COOKIE, preference_remember

from .models import Article, ArticleAttachment, ArticleImage
from .names import NAMESPACE
from .pictures import article_pictures
from .selectors import Filters, area_by_code, article_public, categories_active, news_feed
from .services.follows import news_follow, news_follows_of, news_unfollow

PAGE_SIZE = 20


_AREA_ATTR = "_news_area"


def device_area(request: HttpRequest) -> Agency | None:
    """The commune/ward this device chose (cookie), else a signed-in person's first followed
    area, else None. Looked up once per request: the home screen's two sections both ask."""
    if hasattr(request, _AREA_ATTR):
        cached: Agency | None = getattr(request, _AREA_ATTR)
        return cached
    prefs = getattr(request, "prefs", None)
    area = area_by_code(prefs.area) if prefs is not None and prefs.area else None
    if area is None and request.user.is_authenticated:
        follows = news_follows_of(request.user)
        area = follows[0] if follows else None
    setattr(request, _AREA_ATTR, area)
    return area


def _filters(request: HttpRequest) -> Filters:
    get = request.GET
    area = area_by_code(get["area"]) if get.get("area") else device_area(request)
    category = None
    if get.get("category"):
        category = categories_active().filter(code=get["category"][:40]).first()
    return Filters(area=area, category=category, query=" ".join(get.get("q", "").split())[:100])


@public
@require_GET
@cached_guest_page(NAMESPACE)
def index(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    paginator = CappedPaginator(news_feed(filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "categories": categories_active(),
        "areas": _areas(),
        "follows": news_follows_of(request.user),
    }
    return render(request, "news/index.html", context)


def _areas() -> Any:
    return agencies_local().only("code", "name", "name_en")


@signed_in
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    """Remember this device's area and, when asked, send urgent notices for it."""
    area = area_by_code(request.POST.get("area", ""))
    response = redirect(reverse("news:index"))
    if area is None:
        messages.error(request, _("Choose your commune or ward from the list."))
        return response
    preference_remember(response, AREA_COOKIE, area.code, secure=request.is_secure())
    if request.POST.get("alerts"):
        try:
            if news_follow(user=request_user(request), agency=area):
                messages.success(
                    request,
                    _("You will get urgent notices for %(area)s.") % {"area": area.display_name},
                )
        except AppError as exc:
            messages.error(request, exc.message)
    return response


@signed_in
@require_POST
def unfollow(request: HttpRequest) -> HttpResponse:
    area = area_by_code(request.POST.get("area", ""))
    if area is not None:
        news_unfollow(user=request_user(request), agency=area)
    return redirect(reverse("news:index"))


def _visible_or_preview(request: HttpRequest, public_id: str) -> tuple[Article, bool]:
    """The public article, or for officials of its agency a preview of any state."""
    article = article_public(public_id)
    if article is not None:
        return article, False
    article = (
        Article.objects.select_related("category", "agency").filter(public_id=public_id).first()
    )
    if article is None or not can_view(request.user, article.agency):
        raise Http404
    return article, True


@public
@require_GET
@cached_guest_page(NAMESPACE)
def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    article, preview = _visible_or_preview(request, public_id)
    images = article_pictures(article)
    context = {
        "article": article,
        "preview": preview,
        "images": images,
        "attachments": list(article.attachments.all()),
        "areas": [] if article.whole_province else list(article.areas.order_by("name")),
        "share_url": request.build_absolute_uri(reverse("news:detail", args=[public_id])),
        "share_image": request.build_absolute_uri(images[0]["fallback"]) if images else "",
    }
    return render(request, "news/detail.html", context)


@public
@require_GET
@cached_guest_page(NAMESPACE)
def plain(request: HttpRequest, public_id: str) -> HttpResponse:
    """Text only: no pictures, no script, nothing to download but the words."""
    article, _preview = _visible_or_preview(request, public_id)
    return render(request, "news/plain.html", {"article": article})


def _public_file(response: HttpResponseBase, preview: bool) -> HttpResponseBase:
    if not preview:  # published: the same for everyone, shareable, safe to keep a day
        response["Cache-Control"] = "public, max-age=86400"
    return response


@public
@require_GET
def image(request: HttpRequest, public_id: str, width: int) -> HttpResponseBase:
    picture = ArticleImage.objects.select_related("article").filter(public_id=public_id).first()
    if picture is None:
        raise Http404
    _article, preview = _visible_or_preview(request, picture.article.public_id)
    name = next((v["name"] for v in picture.variants if v["width"] == width), None)
    if name is None:
        raise Http404
    return _public_file(upload_response(name=name, download_name="image", inline=True), preview)


@public
@require_GET
def image_fallback(request: HttpRequest, public_id: str) -> HttpResponseBase:
    picture = ArticleImage.objects.select_related("article").filter(public_id=public_id).first()
    if picture is None:
        raise Http404
    _article, preview = _visible_or_preview(request, picture.article.public_id)
    response = upload_response(name=picture.fallback_name, download_name="image", inline=True)
    return _public_file(response, preview)


@public
@require_GET
def attachment(request: HttpRequest, public_id: str, file_id: str) -> HttpResponseBase:
    _article, preview = _visible_or_preview(request, public_id)
    found = ArticleAttachment.objects.filter(
        public_id=file_id, article__public_id=public_id
    ).first()
    if found is None:
        raise Http404
    response = upload_response(name=found.name, download_name=found.title, inline=False)
    return _public_file(response, preview)
