"""Idempotent submissions (case engine issue §8).

Every state-changing request may carry a key: the `Idempotency-Key` header (API) or an
`idempotency_key` form field (HTML forms render one with `{% idempotency_field %}`). The first
response is stored; a repeat with the same key and the same body gets that response again and
changes nothing; the same key with a different body is refused with 422; a repeat while the
first is still running gets 409.

Two ways of keeping the answer:
- by default the middleware claims the key (a "processing" row) before the view runs and
  writes the answer after it: three writes around the view's own; a view that calls
  `keep_answer(request, response)` inside the transaction of its writes has the answer written
  there instead (two: the claim, then its writes with the answer), which a view that is not
  a plain Django function can do (a Ninja operation: one Django view serves its whole path);
- a view marked `@answers_in_transaction` calls `keep_answer(request, response)` inside the
  transaction of its writes: the key and the answer are one row written with them, so a
  request takes the database's write lock once instead of three times (SQLite has a single
  writer: over HTTP the report form's two workers went from 1.6 to 1.85 busy cores of 2,
  docs/adr/0013-…). Before such a view runs the middleware only looks the key up; two
  identical requests at the same instant both run, and the second's `keep_answer` finds the
  first's row, rolls its own work back (`AnsweredMeanwhile`) and is answered with the first's
  answer.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .idempotency_models import IdempotencyRecord
from .rows import row_get, row_insert_new, row_update

FIELD = "idempotency_key"
HEADER = "HTTP_IDEMPOTENCY_KEY"
KEY_RE = re.compile(r"^[A-Za-z0-9._:-]{8,100}$")
STALE_AFTER = timedelta(minutes=2)  # a "processing" row older than this was a crashed request
# Kept this long, then deleted (core.tasks): a phone that queued a form offline may send it
# again days later, when the first answer never reached it.
KEEP_ANSWERS = timedelta(days=7)
KEEP_HEADERS = ("Content-Type", "Location", "Cache-Control")
IGNORED_FIELDS = {FIELD, "csrfmiddlewaretoken"}  # the CSRF token changes on every render
UNIQUE = ("scope", "key")
V = TypeVar("V", bound=Callable[..., HttpResponse])


class AnsweredMeanwhile(Exception):
    """Raised by `keep_answer` when the same request's answer was kept first: leaving the
    transaction with it rolls this request's work back; the middleware then replays the
    answer that was kept."""


@dataclass
class _Pending:
    """A marked view's key, looked up and not yet used: its answer is not kept yet."""

    scope: str
    key: str
    digest: str
    kept: bool = False


def answers_in_transaction(view: V) -> V:
    """Mark a view that keeps its idempotent answer with its writes (`keep_answer`). A path
    of the view that does not call it gets its answer stored after it, without the claim's
    protection against two identical requests running at the same instant."""
    view.idempotency_in_transaction = True  # type: ignore[attr-defined]
    return view


def keep_answer(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Inside the transaction of a view's writes: keep `response` as the answer to this
    request's key (nothing to do without a key). A claimed key's row becomes the answer; a
    marked view's key is inserted with it, and `AnsweredMeanwhile` is raised when an identical
    request kept its answer first (let it leave the transaction)."""
    pending: _Pending | None = getattr(request, "_idempotency_pending", None)
    claimed: IdempotencyRecord | None = getattr(request, "_idempotency_record", None)
    if pending is None and claimed is None:
        return response
    if not connection.in_atomic_block:
        raise RuntimeError("keep_answer belongs inside the transaction of the view's writes")
    if claimed is not None:  # claimed before the view ran: the claim becomes the answer
        _answer_update(claimed, response)
        request._idempotency_answered = True  # type: ignore[attr-defined]
        return response
    assert pending is not None
    if _answer_insert(pending, response) is None:
        raise AnsweredMeanwhile
    pending.kept = True
    return response


def _committed(record: IdempotencyRecord) -> bool:
    """Whether the answer kept inside the view's transaction is in the database (it was rolled
    back with the view's writes otherwise)."""
    return IdempotencyRecord.objects.filter(pk=record.pk, status="done").exists()


def _answer_update(record: IdempotencyRecord, response: HttpResponse) -> None:
    record.status, record.response_status = "done", response.status_code
    record.response_body = response.content
    record.response_headers = _kept_headers(response)
    row_update(record, ["status", "response_status", "response_body", "response_headers"])


def _answer_insert(pending: _Pending, response: HttpResponse) -> IdempotencyRecord | None:
    return row_insert_new(
        IdempotencyRecord(
            scope=pending.scope,
            key=pending.key,
            request_hash=pending.digest,
            status="done",
            response_status=response.status_code,
            response_body=response.content,
            response_headers=_kept_headers(response),
        ),
        unique=UNIQUE,
    )


def _kept_headers(response: HttpResponse) -> dict[str, str]:
    return {h: response[h] for h in KEEP_HEADERS if h in response}


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
    # On its own, the claim need not wait for its disk flush (~2 ms on PostgreSQL): the
    # request's writes commit after it and flush it with them, and a claim lost in a crash
    # before then only lets the retry run, which is right as nothing else was kept.
    unflushed = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic() if unflushed else nullcontext():
        if unflushed:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        return row_insert_new(
            IdempotencyRecord(scope=scope, key=key, request_hash=digest, status="processing"),
            unique=UNIQUE,
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
        if getattr(response, "_idempotency_replay", False):
            return response
        failed = response.status_code >= 500 or response.streaming
        pending: _Pending | None = getattr(request, "_idempotency_pending", None)
        if pending is not None:
            if not pending.kept and not failed:
                _answer_insert(pending, response)  # a path that kept nothing with its writes
            return response
        record: IdempotencyRecord | None = getattr(request, "_idempotency_record", None)
        if record is None:
            return response
        if failed:
            # A failure may be retried with the same key, unless the view's writes and their
            # answer committed before it failed (the answer stays: a retry is answered with it).
            if not getattr(request, "_idempotency_answered", False) or not _committed(record):
                record.delete()
            return response
        if not getattr(request, "_idempotency_answered", False):
            _answer_update(record, response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        pending: _Pending | None = getattr(request, "_idempotency_pending", None)
        if pending is None or not isinstance(exception, AnsweredMeanwhile):
            return None
        pending.kept = True  # the answer is the other request's
        answer = self._seen_before(
            request, scope=pending.scope, key=pending.key, digest=pending.digest
        )
        return answer or _in_progress(request)

    def process_view(
        self, request: HttpRequest, view: object, args: object, kwargs: object
    ) -> HttpResponse | None:
        if request.method not in {"POST", "PUT", "PATCH", "DELETE"}:
            return None
        key = _key(request)
        if key is None:
            return None
        scope, digest = _scope(request), _request_hash(request)
        if getattr(view, "idempotency_in_transaction", False):
            answer = self._seen_before(request, scope=scope, key=key, digest=digest)
            if answer is None:  # new: the view keeps its answer with its writes
                request._idempotency_pending = _Pending(scope, key, digest)  # type: ignore[attr-defined]
            return answer
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
        existing = row_get(IdempotencyRecord, 'scope = %s AND "key" = %s', [scope, key])
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
