"""Whole-page cache for guests.

A guest's page depends only on the URL, the device preferences, the brand and the public
content it shows, so those (with each content version) form the key. Anyone with a session
cookie (signed in, or carrying messages) always gets a fresh render.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from openprovince.core.content_versions import content_version_get

from .brand import NAMESPACE as BRAND_NAMESPACE
from .preferences import preferences_from_request

View = TypeVar("View", bound=Callable[..., HttpResponse])


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _key(request: HttpRequest, namespaces: Iterable[str]) -> str:
    prefs = getattr(request, "prefs", None) or preferences_from_request(request)
    versions = ".".join(
        str(content_version_get(namespace=n)) for n in (BRAND_NAMESPACE, *namespaces)
    )
    htmx = "h" if request.headers.get("HX-Request") else "p"
    raw = f"{request.path}?{request.META.get('QUERY_STRING', '')}"
    digest = hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return f"page:{prefs.cache_key}:{htmx}:{versions}:{digest}"


def cached_guest_page(
    *namespaces: str, more: Callable[[], Iterable[str]] | None = None
) -> Callable[[View], View]:
    """Cache a view's 200 responses for guests; `namespaces` name the content it shows, and
    `more` those known only once the modules have registered (the home screen's sections)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            key = _key(request, (*namespaces, *(more() if more else ())))
            hit = cache.get(key)
            if hit is not None:
                content, content_type = hit
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                cache.set(
                    key, (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS
                )
            return response

        return wrapper  # type: ignore[return-value]

    return decorator
