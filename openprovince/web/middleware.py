from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .preferences import preferences_from_request


class PreferencesMiddleware:
    """Activate the device's language and expose `request.prefs` to views and templates."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        prefs = preferences_from_request(request)
        request.prefs = prefs  # type: ignore[attr-defined]
        translation.activate(prefs.language)
        request.LANGUAGE_CODE = prefs.language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", prefs.language)
        patch_vary_headers(response, ("Cookie",))
        return response
