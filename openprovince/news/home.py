"""What the news module adds to the home screen: urgent notices above the tiles, the newest
news below, both for the device's commune/ward."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .selectors import news_strip, news_urgent
from .views_public import device_area


def urgent_context(request: HttpRequest) -> dict[str, Any]:
    return {"urgent": news_urgent(device_area(request))}


def strip_context(request: HttpRequest) -> dict[str, Any]:
    area = device_area(request)
    return {"area": area, "items": news_strip(area)}
