"""Per-device preferences kept in cookies: language and text size.

Cookies (not the session) so that a guest's choice survives without an account, and pages can
still be cached per (language, text size).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

TEXT_COOKIE = "textsize"
TEXT_SIZES = ("normal", "large")


@dataclass(frozen=True)
class Preferences:
    language: str
    text_size: str

    @property
    def large_text(self) -> bool:
        return self.text_size == "large"

    @property
    def cache_key(self) -> str:
        return f"{self.language}.{self.text_size}"


def preferences_from_request(request: HttpRequest) -> Preferences:
    """Vietnamese unless the device chose otherwise. Accept-Language is ignored on purpose:
    many Vietnamese phones run an English system UI while their owners read Vietnamese."""
    languages = {code for code, _ in settings.LANGUAGES}
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if language not in languages:
        language = settings.LANGUAGE_CODE
    text_size = request.COOKIES.get(TEXT_COOKIE, "normal")
    if text_size not in TEXT_SIZES:
        text_size = "normal"
    return Preferences(language=language, text_size=text_size)
