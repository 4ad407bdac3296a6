"""Zalo ZNS template messages (contract and sources: docs/notifications.md, "Zalo ZNS").

POST {ZNS_URL}/message/template, header `access_token` (the OA token), JSON
`{"phone": "84912345678", "template_id": "…", "template_data": {…}, "tracking_id": "…"}`;
HTTP 200 `{"error": 0, "data": {"msg_id": "…"}}` is success, any other `error` a failure.
Only templates approved by Zalo can be sent, so each event needs one in ZNS_TEMPLATES; events
without one skip this channel.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any

from django.conf import settings

from .base import PermanentError, RetryableError

if TYPE_CHECKING:
    from ..models import OutboxMessage

log = logging.getLogger("openprovince.notifications")
NEEDS_CONSENT = True
# Errors that will repeat for this message whatever we do (the rest are retried, bounded by
# NOTIFY_MAX_ATTEMPTS). How sure each is: docs/notifications.md.
PERMANENT_ERRORS = {
    -108: "phone number invalid",
    -109: "template id invalid",
    -111: "template data empty",
    -112: "template data invalid",
    -114: "user inactive, refuses ZNS, or Zalo app too old",
    -117: "OA or app may not use this template",
    -118: "no Zalo account for this phone number",
}
RETRY_HTTP = {408, 425, 429}


def address(user: Any) -> str:
    return str(user.phone or "")


def template_for(event: str) -> tuple[str, dict[str, str]] | None:
    """(template id, {ZNS parameter: context key}) for an event; an empty mapping means
    "send every context value under its own name"."""
    entry = settings.ZNS_TEMPLATES.get(event)
    if isinstance(entry, str | int) and str(entry):
        return str(entry), {}
    if isinstance(entry, dict) and entry.get("template_id"):
        params = entry.get("params") or {}
        return str(entry["template_id"]), {str(k): str(v) for k, v in params.items()}
    return None


def available(event: str) -> bool:
    return bool(settings.ZNS_ACCESS_TOKEN) and template_for(event) is not None


def template_data(context: dict[str, Any], params: dict[str, str]) -> dict[str, str]:
    if params:
        return {name: str(context.get(key, "")) for name, key in params.items()}
    return {
        key: str(value)
        for key, value in context.items()
        if key != "language"
        and isinstance(value, str | int | float)
        and not isinstance(value, bool)
    }


def send(message: OutboxMessage) -> str:
    found = template_for(message.event)
    if found is None:
        raise PermanentError("zns.no_template", message.event)
    phone = address(message.recipient).lstrip("+")  # E.164 without the plus: 84912345678
    if not phone:
        raise PermanentError("zns.no_phone")
    template_id, params = found
    body = {
        "phone": phone,
        "template_id": template_id,
        "template_data": template_data(message.context, params),
        "tracking_id": message.key.hex,
    }
    request = urllib.request.Request(  # noqa: S310 - the URL is an admin setting (http/https)
        f"{settings.ZNS_URL}/message/template",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "access_token": settings.ZNS_ACCESS_TOKEN},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.ZNS_TIMEOUT) as response:  # noqa: S310
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise RetryableError("zns.unreachable", str(exc)[:200]) from exc
    if status != 200:
        if status >= 500 or status in RETRY_HTTP:
            raise RetryableError("zns.http", f"HTTP {status}")
        raise PermanentError("zns.http", f"HTTP {status}")
    try:
        answer = json.loads(raw)
        error = int(answer.get("error", -1))
    except (ValueError, TypeError, AttributeError) as exc:
        raise RetryableError("zns.bad_answer", raw[:200].decode(errors="replace")) from exc
    if error == 0:
        data = answer.get("data") or {}
        return str(data.get("msg_id", ""))[:200]
    detail = str(answer.get("message", ""))[:300]
    if error in PERMANENT_ERRORS:
        raise PermanentError(f"zns.{error}", detail or PERMANENT_ERRORS[error])
    log.warning("ZNS refused a message (error %s): %s", error, detail)
    raise RetryableError(f"zns.{error}", detail)
