"""Request id + access log, and early rejection of input that no view should ever see."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from .logging import request_id_var

access_log = logging.getLogger("openprovince.access")
_VALID_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
MAX_QUERY_STRING_BYTES = 4096


class RequestIdMiddleware:
    """Accept a sane X-Request-ID from the proxy or make one; echo it; log one line per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _VALID_INCOMING_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "ms": round((time.perf_counter() - started) * 1000, 2),
                    },
                )
            return response
        finally:
            request_id_var.reset(token)


class BadInputMiddleware:
    """Answer overlong query strings and NUL bytes with a clear 4xx page before any view runs.

    NUL cannot be stored in PostgreSQL text and would surface as a 500 deep inside the ORM.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if len(query) > MAX_QUERY_STRING_BYTES:
            return _error_page(request, 414)
        if "%00" in query or "\x00" in query or "\x00" in request.path:
            return _error_page(request, 400)
        return self.get_response(request)


def _error_page(request: HttpRequest, status: int) -> HttpResponse:
    template = "414.html" if status == 414 else "400.html"
    body = render_to_string(template, {"status": status, "debug": settings.DEBUG}, request=request)
    return HttpResponse(body, status=status)
