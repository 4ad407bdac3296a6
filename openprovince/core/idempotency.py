"""Idempotent submissions (case engine issue §8).

Every state-changing request may carry a key: the `Idempotency-Key` header (API) or an
`idempotency_key` form field (HTML forms render one with `{% idempotency_field %}`). The first
response is stored; a repeat with the same key and the same body gets that response again and
changes nothing; the same key with a different body is refused with 422; a repeat while the
first is still running gets 409.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from contextlib import nullcontext
from datetime import timedelta

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .idempotency_models import IdempotencyRecord
from .rows import row_update

FIELD = "idempotency_key"
HEADER = "HTTP_IDEMPOTENCY_KEY"
KEY_RE = re.compile(r"^[A-Za-z0-9._:-]{8,100}$")
STALE_AFTER = timedelta(minutes=2)  # a "processing" row older than this was a crashed request
# Kept this long, then deleted (core.tasks): a phone that queued a form offline may send it
# again days later, when the first answer never reached it.
KEEP_ANSWERS = timedelta(days=7)
KEEP_HEADERS = ("Content-Type", "Location", "Cache-Control")
IGNORED_FIELDS = {FIELD, "csrfmiddlewaretoken"}  # the CSRF token changes on every render


def _key(request: HttpRequest) -> str | None:
    raw = request.META.get(HEADER) or (
        request.POST.get(FIELD)
        if request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}
        else None
    )
    return raw if raw and KEY_RE.match(raw) else None


def _scope(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    # API tokens are read by the view, after this middleware: keep each caller's keys apart
    # by their credentials, so one caller never receives another's stored answer.
    credentials = request.META.get("HTTP_AUTHORIZATION", "")
    if credentials:
        return "auth:" + hashlib.sha256(credentials.encode()).hexdigest()[:40]
    return "anon"


def _request_hash(request: HttpRequest) -> str:
    if request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        fields = sorted(
            (k, v) for k in request.POST if k not in IGNORED_FIELDS for v in request.POST.getlist(k)
        )
        files = sorted(
            (k, f.name or "", f.size or 0) for k in request.FILES for f in request.FILES.getlist(k)
        )
        body = json.dumps([fields, files]).encode()
    else:
        body = request.body
    method = (request.method or "").encode()
    return hashlib.sha256(method + b" " + request.path.encode() + b"\n" + body).hexdigest()


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(
        bytes(record.response_body or b""), status=record.response_status or 200
    )
    for name, value in record.response_headers.items():
        response[name] = value
    response["Idempotent-Replayed"] = "true"
    return response


def _refuse(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    """JSON for API clients, the usual error page for people using forms."""
    if request.META.get(HEADER) or request.path.startswith("/api/"):
        return JsonResponse({"code": code, "message": message, "fields": {}}, status=status)
    body = render_to_string("400.html", {"message": message}, request=request)
    return HttpResponse(body, status=status)


def _claim(*, scope: str, key: str, digest: str) -> IdempotencyRecord | None:
    """Insert the key's row unless it is there already: one insert that never raises (a key
    is almost always new), None when the key was used before."""
    now = timezone.now()
    meta, quote = IdempotencyRecord._meta, connection.ops.quote_name
    # The field names are the column names (no db_column on this model).
    columns = ", ".join(
        quote(name)
        for name in ("scope", "key", "request_hash", "status", "response_headers", "created_at")
    )
    # On its own, the claim need not wait for its disk flush (~2 ms on PostgreSQL): the
    # request's writes commit after it and flush it with them, and a claim lost in a crash
    # before then only lets the retry run, which is right as nothing else was kept.
    unflushed = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic() if unflushed else nullcontext(), connection.cursor() as cursor:
        if unflushed:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(
            f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608 (names, not input)
            "VALUES (%s, %s, %s, 'processing', '{}', %s) "
            f"ON CONFLICT ({quote('scope')}, {quote('key')}) DO NOTHING RETURNING {quote('id')}",
            [scope, key, digest, connection.ops.adapt_datetimefield_value(now)],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return IdempotencyRecord(
        id=row[0], scope=scope, key=key, request_hash=digest, status="processing", created_at=now
    )


def _in_progress(request: HttpRequest) -> HttpResponse:
    return _refuse(
        request,
        409,
        "idempotency.in_progress",
        _("This is already being sent. Please wait a moment."),
    )


class IdempotencyMiddleware:
    """Placed after CSRF and authentication: a replay is only served to a request that passed
    the same checks as the first one (process_view runs after CsrfViewMiddleware's)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        record: IdempotencyRecord | None = getattr(request, "_idempotency_record", None)
        if record is None or getattr(response, "_idempotency_replay", False):
            return response
        if response.status_code >= 500 or response.streaming:
            record.delete()  # a failure may be retried with the same key
            return response
        record.status, record.response_status = "done", response.status_code
        record.response_body = response.content
        record.response_headers = {h: response[h] for h in KEEP_HEADERS if h in response}
        row_update(record, ["status", "response_status", "response_body", "response_headers"])
        return response

    def process_view(
        self, request: HttpRequest, view: object, args: object, kwargs: object
    ) -> HttpResponse | None:
        if request.method not in {"POST", "PUT", "PATCH", "DELETE"}:
            return None
        key = _key(request)
        if key is None:
            return None
        scope, digest = _scope(request), _request_hash(request)
        for _attempt in range(2):
            record = _claim(scope=scope, key=key, digest=digest)
            if record is not None:
                break
            answer = self._seen_before(request, scope=scope, key=key, digest=digest)
            if answer is not None:
                return answer
        else:
            return _in_progress(request)
        request._idempotency_record = record  # type: ignore[attr-defined]
        return None

    def _seen_before(
        self, request: HttpRequest, *, scope: str, key: str, digest: str
    ) -> HttpResponse | None:
        """The answer to a key already used; None when its row was a crashed request's (now
        removed: this request may run)."""
        existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if existing is None:
            return None  # removed in between: try again
        if existing.request_hash != digest:
            return _refuse(
                request,
                422,
                "idempotency.key_reused",
                _(
                    "This form was already sent with different content. Reload "
                    "the page and try again."
                ),
            )
        if existing.status == "done":
            replay = _replay(existing)
            replay._idempotency_replay = True  # type: ignore[attr-defined]
            return replay
        if timezone.now() - existing.created_at < STALE_AFTER:
            return _in_progress(request)
        existing.delete()  # left behind by a crashed request: let this one run
        return None
