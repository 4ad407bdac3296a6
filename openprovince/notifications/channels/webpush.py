"""Web Push to every browser a person subscribed (docs/notifications.md, "Web Push").

One POST per subscription to its push service endpoint (RFC 8030), the payload JSON
`{"title", "body", "link", "tag"}` encrypted for that browser (RFC 8291, `aes128gcm`), signed
for with VAPID (RFC 8292, `vapid.py`). The service worker shows it (`web/sw.js`).

One outbox message covers all of the person's browsers: sent when at least one push service
took it (a browser that failed then is not tried again, so nobody gets it twice); retried when
none took it and one failed for a passing reason; cancelled when every subscription is gone
(404/410: the browser dropped it; we delete it).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from email.message import Message
from typing import IO, TYPE_CHECKING, Any

import http_ece  # type: ignore[import-untyped]
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from ..models import WebPushSubscription
from ..vapid import b64url_decode, vapid_authorization
from .base import AddressGoneError, PermanentError, RetryableError

if TYPE_CHECKING:
    from ..models import OutboxMessage

log = logging.getLogger("openprovince.notifications")
NEEDS_CONSENT = False  # the browser's own permission prompt; the page turns the channel off
TTL_SECONDS = 4 * 24 * 3600  # a phone switched off over a long weekend still gets it
TIMEOUT_SECONDS = 10
MAX_PAYLOAD_BYTES = 3000  # RFC 8291 leaves 3993 bytes of plaintext in a 4096-byte message
GONE_HTTP = {404, 410}
RETRY_HTTP = {408, 425, 429}
DROP_AFTER_FAILURES = 3  # a subscription refused this many times in a row is dropped


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Push services answer directly; following a redirect would POST somewhere else."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Message,
        newurl: str,
    ) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def address(user: Any) -> str:
    """The newest subscribed browser's endpoint, or "" when the person subscribed none."""
    endpoint = (
        WebPushSubscription.objects.filter(user=user)
        .order_by("-created_at", "-id")
        .values_list("endpoint", flat=True)
        .first()
    )
    return endpoint or ""


def available(event: str) -> bool:
    return bool(settings.WEBPUSH_VAPID_PUBLIC_KEY and settings.WEBPUSH_VAPID_PRIVATE_KEY)


def payload(message: OutboxMessage) -> bytes:
    """What the service worker shows. `tag` is the outbox key: a repeat (at-least-once
    delivery) replaces the notification on screen instead of adding a second one."""
    data = {
        "title": message.subject,
        "body": message.body[:1000],
        "link": str(message.context.get("link", "")),
        "tag": message.key.hex,
    }
    raw = json.dumps(data, ensure_ascii=False).encode()
    while len(raw) > MAX_PAYLOAD_BYTES and data["body"]:
        data["body"] = data["body"][: len(data["body"]) * 3 // 4]
        raw = json.dumps(data, ensure_ascii=False).encode()
    return raw


def encrypt(plaintext: bytes, *, p256dh: str, auth: str) -> bytes:
    """RFC 8291: ECDH with a fresh key of ours and the browser's key, then aes128gcm."""
    body = http_ece.encrypt(
        plaintext,
        private_key=ec.generate_private_key(ec.SECP256R1()),
        dh=b64url_decode(p256dh),
        auth_secret=b64url_decode(auth),
        version="aes128gcm",
    )
    return bytes(body)


def _post(subscription: WebPushSubscription, body: bytes) -> tuple[int, str]:
    """(HTTP status, the push service's Location or the error) — 0 when it was unreachable."""
    request = urllib.request.Request(  # noqa: S310 - endpoints are checked when saved
        subscription.endpoint,
        data=body,
        method="POST",
        headers={
            "Authorization": vapid_authorization(endpoint=subscription.endpoint),
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
            "TTL": str(TTL_SECONDS),
            "Urgency": "normal",
        },
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, str(response.headers.get("Location", ""))
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        log.info("push service unreachable for subscription %s: %s", subscription.pk, exc)
        return 0, ""


def _record(subscription: WebPushSubscription, status: int) -> str:
    """Keep the subscription's health up to date; returns sent / gone / retry / refused."""
    rows = WebPushSubscription.objects.filter(pk=subscription.pk)
    if 200 <= status < 300:
        rows.update(last_success_at=timezone.now(), failures=0)
        return "sent"
    if status in GONE_HTTP:
        rows.delete()
        return "gone"
    rows.update(failures=F("failures") + 1)
    if status == 0 or status >= 500 or status in RETRY_HTTP:
        return "retry"
    # 400, 401/403 (keys changed since the browser subscribed), 413, a redirect: this browser
    # will refuse again; after a few such refusals in a row it is not worth keeping.
    if subscription.failures + 1 >= DROP_AFTER_FAILURES:
        rows.delete()
    return "refused"


def send(message: OutboxMessage) -> str:
    subscriptions = list(
        WebPushSubscription.objects.filter(user=message.recipient).order_by("-created_at", "-id")
    )
    if not subscriptions:
        raise AddressGoneError("webpush.no_subscription")
    plaintext = payload(message)
    outcomes: dict[str, list[str]] = {"sent": [], "gone": [], "retry": [], "refused": []}
    for subscription in subscriptions:
        try:
            body = encrypt(plaintext, p256dh=subscription.p256dh, auth=subscription.auth)
        except (ValueError, http_ece.ECEException) as exc:  # keys checked when saved; still
            log.warning("push subscription %s has unusable keys: %s", subscription.pk, exc)
            subscription.delete()
            outcomes["gone"].append("bad keys")
            continue
        status, note = _post(subscription, body)
        outcomes[_record(subscription, status)].append(note if status else "unreachable")
    if outcomes["sent"]:  # the notes are the push services' Locations (message ids)
        return " ".join(note for note in outcomes["sent"] if note)[:200]
    if outcomes["retry"]:
        raise RetryableError("webpush.http", ", ".join(outcomes["retry"]))
    if outcomes["refused"]:
        raise PermanentError("webpush.refused", ", ".join(outcomes["refused"]))
    raise AddressGoneError("webpush.gone", ", ".join(outcomes["gone"]))
