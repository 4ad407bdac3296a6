"""Per-device preferences kept in cookies: language, text size and the person's commune/ward
(chosen once on the news page; local news and notices follow it).

Cookies (not the session) so that a guest's choice survives without an account, and pages can
still be cached per (language, text size).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

YEAR = 60 * 60 * 24 * 365
TEXT_COOKIE = "textsize"
TEXT_SIZES = ("normal", "large")
AREA_COOKIE = "area"
# An agency code's shape; whether it names a commune/ward is checked where it is used.
AREA_CODE = re.compile(r"[A-Za-z0-9._-]{1,40}")


@dataclass(frozen=True)
class Preferences:
    language: str
    text_size: str
    area: str = ""  # agency code of the chosen commune/ward, "" when none

    @property
    def large_text(self) -> bool:
        return self.text_size == "large"

    @property
    def cache_key(self) -> str:
        return f"{self.language}.{self.text_size}.{self.area}"


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
    area = request.COOKIES.get(AREA_COOKIE, "")
    if not AREA_CODE.fullmatch(area):
        area = ""
    return Preferences(language=language, text_size=text_size, area=area)


def preference_remember(response: HttpResponse, name: str, value: str, *, secure: bool) -> None:
    """Keep one device preference for a year ("" forgets it)."""
    if not value:
        response.delete_cookie(name, samesite="Lax")
        return
    response.set_cookie(name, value, max_age=YEAR, samesite="Lax", secure=secure, httponly=True)
