"""Pages of the citizen shell: home, search, preferences, PWA files, QR codes."""

from __future__ import annotations

import hashlib
import json
import mimetypes

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from openprovince.agencies.selectors import agencies_local
from openprovince.core.access import public

from .brand import brand_current
from .models import Brand
from .page_cache import cached_guest_page
from .preferences import AREA_COOKIE, TEXT_COOKIE, TEXT_SIZES, preference_remember
from .qr import absolute_url, qr_svg, qr_target_path
from .registry import home_namespaces, home_sections, tiles
from .search import search_query_clean, site_search

# Files the service worker keeps for offline use (besides the offline page itself).
SHELL_ASSETS = ("web/app.css", "web/app.js", "web/outbox.js", "web/icons.svg", "web/icon-192.png")


@public
@require_GET
@cached_guest_page(more=home_namespaces)
def home(request: HttpRequest) -> HttpResponse:
    sections = [(s.place, s.template, s.context(request)) for s in home_sections()]
    return render(request, "web/home.html", {"tiles": tiles(), "sections": sections})


@public
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = search_query_clean(request.GET.get("q", ""))
    groups = site_search(query=query)
    context = {"query": query, "groups": groups}
    if request.headers.get("HX-Request"):
        return render(request, "web/_search_results.html", context)
    return render(request, "web/search.html", context)


@public
@csrf_exempt  # only sets a display preference cookie; lets pages with this form be cached
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    secure = request.is_secure()
    language = request.POST.get("lang")
    if language is not None:
        if language not in {code for code, _name in settings.LANGUAGES}:
            return HttpResponseBadRequest(_("Unknown language."))
        preference_remember(response, settings.LANGUAGE_COOKIE_NAME, language, secure=secure)
    text_size = request.POST.get("text")
    if text_size is not None:
        if text_size not in TEXT_SIZES:
            return HttpResponseBadRequest(_("Unknown text size."))
        preference_remember(response, TEXT_COOKIE, text_size, secure=secure)
    area = request.POST.get("area")
    if area is not None:
        if area and not agencies_local().filter(code=area).exists():
            return HttpResponseBadRequest(_("Unknown commune or ward."))
        preference_remember(response, AREA_COOKIE, area, secure=secure)
    return response


@public
@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "web/offline.html")


@public
@require_GET
@cache_control(max_age=3600, public=True)
def manifest(request: HttpRequest) -> HttpResponse:
    brand = brand_current()
    data = {
        "name": brand.name,
        "short_name": brand.name[:12],
        "description": _("Public services of %(province)s in one app")
        % {"province": brand.province},
        "lang": request.LANGUAGE_CODE,
        "start_url": "/?source=pwa",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": brand.primary_color,
        "icons": [
            {
                "src": staticfiles_storage.url("web/icon-192.png"),
                "sizes": "192x192",
                "type": "image/png",
            },
            {
                "src": staticfiles_storage.url("web/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
            },
            {
                "src": staticfiles_storage.url("web/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )


@public
@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the root so it may control every page. Its text changes whenever a shell
    file changes (hashed names), which makes browsers install the new version."""
    assets = [staticfiles_storage.url(name) for name in SHELL_ASSETS]
    offline_url = reverse("web:offline")
    version = hashlib.sha256(json.dumps([assets, offline_url]).encode()).hexdigest()[:12]
    body = render_to_string(
        "web/sw.js",
        {
            "version": version,
            "assets_json": json.dumps(assets),
            "offline_url": offline_url,
        },
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@public
@require_GET
@cache_control(max_age=86400, public=True)
def qr_code(request: HttpRequest) -> HttpResponse:
    path = qr_target_path(request.GET.get("path", "/"))
    if path is None:
        return HttpResponseBadRequest(
            render_to_string(
                "400.html",
                {
                    "message": _(
                        "The QR code can only point to a page of this site, such as /agencies/."
                    )
                },
                request=request,
            )
        )
    svg = qr_svg(data=absolute_url(request, path))
    return HttpResponse(svg, content_type="image/svg+xml")


@public
@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        "User-agent: *\nDisallow: /office/\nDisallow: /admin/\n", content_type="text/plain"
    )


@public
@require_GET
@cache_control(max_age=86400, public=True)
def brand_logo(request: HttpRequest) -> FileResponse:
    """The province's logo, from whatever storage holds media (disk or a private bucket)."""
    row = Brand.objects.exclude(logo="").first()
    if row is None:
        raise Http404
    content_type = mimetypes.guess_type(row.logo.name)[0] or "application/octet-stream"
    if not content_type.startswith("image/") or content_type == "image/svg+xml":
        raise Http404  # only raster images: an SVG could carry script
    try:
        handle = row.logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
