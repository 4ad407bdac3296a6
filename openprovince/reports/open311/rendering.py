"""One answer, two formats: JSON as the spec shows it (lists bare, objects plain) and XML
with the spec's element names, both UTF-8.

XML is written with ElementTree (it escapes text); characters XML 1.0 cannot carry at all
(control characters) are dropped first, so every document is well-formed."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse
from django.utils import timezone

from openprovince.core.errors import AppError

# The element of each item of a list, by the list's name (the spec's and FixMyStreet's).
ITEM_NAMES = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "service_requests": "request",
    "service_requests_updates": "request_update",
    "errors": "error",
    "photos": "photo",
}
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in the province's time with its offset, e.g. 2026-01-31T08:00:00+07:00."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _append(parent: ET.Element, name: str, value: Any) -> None:
    element = ET.SubElement(parent, name)
    _fill(element, name, value)


def _fill(element: ET.Element, name: str, value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _append(element, key, item)
    elif isinstance(value, list | tuple):
        for item in value:
            _append(element, ITEM_NAMES.get(name, "item"), item)
    else:
        element.text = _text(value)


def to_xml(root: str, data: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, root, data)
    body = ET.tostring(element, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'.encode()


def render(*, fmt: str, root: str, data: Any, status: int = 200) -> HttpResponse:
    """`data` is what JSON shows; `root` names the XML document element."""
    if fmt == "xml":
        body = to_xml(root, data)
    else:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    content_type = CONTENT_TYPES["xml" if fmt == "xml" else "json"]
    return HttpResponse(body, status=status, content_type=content_type)


def error_response(*, fmt: str, status: int, descriptions: list[str]) -> HttpResponse:
    data = [{"code": status, "description": d} for d in descriptions]
    return render(fmt=fmt, root="errors", data=data, status=status)


# Our form field names → the Open311 parameter a client sent.
PARAMETER_NAMES = {
    "location": "lat/long",
    "category": "service_code",
    "description": "description",
    "photos": "media_url",
}


def _parameter(field: str) -> str:
    if field.startswith("q_"):
        return f"attribute[{field[2:]}]"
    return PARAMETER_NAMES.get(field, field)


def app_error_response(*, fmt: str, error: AppError) -> HttpResponse:
    """An AppError as the spec's error list: one entry per problem, naming the parameter.
    Statuses other than 400/403/404 (429 too many, 503 not set up) are kept: they tell a
    client to wait rather than to fix its request."""
    descriptions = [
        f"{_parameter(field)}: {message}"
        for field, messages in error.fields.items()
        for message in messages
    ] or [error.message]
    return error_response(fmt=fmt, status=error.status, descriptions=descriptions)
