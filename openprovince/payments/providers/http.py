"""Server-to-server calls to payment gateways: a JSON or form POST, a GET, each answered with a
JSON object. One timeout (`PAYMENTS_HTTP_TIMEOUT`); every failure (network, HTTP status, a
body that is not a JSON object) is a `ProviderError`, which the core turns into "try again"."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from .base import ProviderError


def post_json(url: str, body: Mapping[str, Any]) -> dict[str, Any]:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    return _send(url, data, "application/json; charset=UTF-8")


def post_form(url: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    data = urllib.parse.urlencode({k: str(v) for k, v in fields.items()}).encode("ascii")
    return _send(url, data, "application/x-www-form-urlencoded")


def get_json(url: str, params: Mapping[str, Any]) -> dict[str, Any]:
    query = urllib.parse.urlencode({k: str(v) for k, v in params.items()})
    return _send(f"{url}?{query}" if query else url, None, "")


def _send(url: str, data: bytes | None, content_type: str) -> dict[str, Any]:
    # urllib also opens file:// and ftp://; the URL is a setting, but refuse anything else.
    if not url.startswith(("https://", "http://")):
        raise ProviderError(f"not an http(s) URL: {url!r}")
    headers = {"Accept": "application/json"}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url, data=data, method="POST" if data is not None else "GET", headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.PAYMENTS_HTTP_TIMEOUT) as response:  # noqa: S310
            raw = response.read()
    except urllib.error.HTTPError as error:
        detail = error.read()[:200].decode("utf-8", "replace")
        raise ProviderError(f"HTTP {error.code} from {_where(url)}: {detail}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise ProviderError(f"{_where(url)} unreachable: {error}") from error
    try:
        answer = json.loads(raw)
    except ValueError as error:
        raise ProviderError(f"{_where(url)} answered with something that is not JSON") from error
    if not isinstance(answer, dict):
        raise ProviderError(f"{_where(url)} answered with JSON that is not an object")
    return answer


def _where(url: str) -> str:
    """The URL without its query string: queries carry MACs, which do not belong in logs."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"
