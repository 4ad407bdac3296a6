"""QR codes (SVG) for the app's own public pages, for posters at ward offices."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.http import HttpRequest

MAX_PATH = 512


def qr_target_path(raw: str) -> str | None:
    """A path on this site (`/reports/?x=1`), or None for anything else (other hosts,
    `//evil`, `javascript:`, backslashes, control characters, overlong)."""
    if not raw or len(raw) > MAX_PATH or not raw.startswith("/") or raw.startswith("//"):
        return None
    if "\\" in raw or any(ord(ch) < 32 or ord(ch) == 127 for ch in raw):
        return None
    parts = urlsplit(raw)
    if parts.scheme or parts.netloc:
        return None
    return raw


def absolute_url(request: HttpRequest, path: str) -> str:
    base = settings.PUBLIC_BASE_URL or f"{request.scheme}://{request.get_host()}"
    return base + path


def qr_svg(*, data: str, dark: str = "#000000") -> bytes:
    qr = segno.make(data, error="m", micro=False)
    out = io.BytesIO()
    qr.save(
        out,
        kind="svg",
        scale=8,
        border=4,
        dark=dark,
        xmldecl=False,
        svgns=True,
        title=data,
        nl=False,
    )
    return out.getvalue()
