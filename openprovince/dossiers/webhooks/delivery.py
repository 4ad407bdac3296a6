"""Sending one delivery: POST the JSON, signed; 2xx is delivered. A failure raises, so the task
system retries it with backoff (30 s, 1 min, 2 min, … at most an hour) until the last attempt,
which marks it failed (visible in the admin, where it can be sent again)."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.utils import timezone

from ..models import WebhookDelivery
from .signing import HEADER, webhook_signature

log = logging.getLogger("openprovince.webhooks")
MAX_ATTEMPTS = 8


class WebhookFailed(Exception):
    pass


def webhook_body(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()


def webhook_deliver(*, delivery_id: int) -> None:
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status == WebhookDelivery.Status.DELIVERED:
        return  # at-least-once tasks: a second run does nothing
    endpoint = delivery.endpoint
    body = webhook_body(delivery)
    request = urllib.request.Request(  # noqa: S310 - the URL is an admin setting (http/https)
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "OpenProvince-Webhooks/1",
            "X-OpenProvince-Event": delivery.event,
            "X-OpenProvince-Delivery": str(delivery.public_id),
            HEADER: webhook_signature(secret=endpoint.secret, body=body),
        },
    )
    delivery.attempts += 1
    error = ""
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as exc:
        status, error = exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        status, error = 0, f"unreachable: {exc}"[:300]
    if 200 <= status < 300:
        delivery.status, delivery.delivered_at, delivery.last_error = (
            WebhookDelivery.Status.DELIVERED,
            timezone.now(),
            "",
        )
        delivery.save(update_fields=["status", "delivered_at", "last_error", "attempts"])
        return
    delivery.last_error = error or f"HTTP {status}"
    last = delivery.attempts >= MAX_ATTEMPTS
    if last:
        delivery.status = WebhookDelivery.Status.FAILED
    delivery.save(update_fields=["status", "last_error", "attempts"])
    log.warning(
        "webhook %s to %s failed: %s", delivery.public_id, endpoint.url, delivery.last_error
    )
    if not last:
        raise WebhookFailed(delivery.last_error)
