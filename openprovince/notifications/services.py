"""Writes a person makes about their own notifications."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.core.errors import AppError
from openprovince.core.text import clean_line

from .models import Channel, InAppNotification, NotificationPreference, WebPushSubscription
from .vapid import b64url_decode


def notification_preference_set(*, user: Any, channel: str, enabled: bool) -> None:
    if channel not in settings.NOTIFY_CHANNELS:
        raise AppError("notifications.unknown_channel", _("Unknown channel."))
    NotificationPreference.objects.update_or_create(
        user=user, channel=channel, defaults={"enabled": enabled}
    )


def notifications_mark_read(*, user: Any, ids: Sequence[int] | None = None) -> int:
    """Mark the person's own notifications read: those in `ids`, or all when `ids` is None."""
    unread = InAppNotification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


# --- Web Push subscriptions (one per browser; docs/notifications.md, "Web Push") -------------

MAX_PUSH_SUBSCRIPTIONS = 10  # per person: each notification costs one request per browser
LOOPBACK_HOSTS = {"127.0.0.1", "localhost"}
BASE64URL = re.compile(r"[A-Za-z0-9_-]{16,200}={0,2}")


def _invalid(field: str, message: str) -> AppError:
    return AppError(
        "notifications.push_invalid",
        _("This browser's notification subscription is not valid."),
        fields={field: [message]},
    )


def _push_endpoint_check(endpoint: str) -> str:
    """A push service URL: https on port 443 with a DNS name. We POST to whatever a browser
    sends here, so addresses inside our network (IP literals, local names, odd ports) are
    refused; plain http only for this machine in development and tests."""
    if not endpoint or len(endpoint) > 1000 or any(ch.isspace() or ord(ch) < 32 for ch in endpoint):
        raise _invalid("endpoint", _("Not a push service address."))
    try:
        parts = urlsplit(endpoint)
        host, port = (parts.hostname or ""), parts.port
    except ValueError as exc:
        raise _invalid("endpoint", _("Not a push service address.")) from exc
    if parts.username is not None or parts.password is not None:
        raise _invalid("endpoint", _("Not a push service address."))
    loopback = settings.WEBPUSH_ALLOW_LOOPBACK_HTTP and host in LOOPBACK_HOSTS
    if loopback and parts.scheme in ("http", "https"):
        return endpoint
    if parts.scheme != "https" or port not in (None, 443):
        raise _invalid("endpoint", _("The push service address must use https."))
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        raise _invalid("endpoint", _("Not a push service address."))
    if "." not in host or host.endswith((".localhost", ".local", ".internal")):
        raise _invalid("endpoint", _("Not a push service address."))
    return endpoint


def _push_key_check(field: str, value: str, *, size: int) -> str:
    try:
        if not BASE64URL.fullmatch(value):
            raise ValueError("not base64url")
        raw = b64url_decode(value)
        if len(raw) != size:
            raise ValueError("wrong size")
        if size == 65:  # must be a point on P-256, or encrypting for it fails at send time
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError as exc:
        raise _invalid(f"keys.{field}", _("Not a valid key.")) from exc
    return value.strip().rstrip("=")


def push_subscription_save(
    *, user: Any, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> WebPushSubscription:
    """Keep a browser's PushSubscription for `user`, replacing whatever that browser had (an
    endpoint is one browser profile: the person who subscribed it last gets its messages).
    Asking for notifications on a device also turns the channel back on."""
    fields = {
        "user": user,
        "p256dh": _push_key_check("p256dh", p256dh, size=65),
        "auth": _push_key_check("auth", auth, size=16),
        "user_agent": clean_line(user_agent, max_length=200),
        "failures": 0,
    }
    endpoint = _push_endpoint_check(endpoint)
    with transaction.atomic():
        subscription, _created = WebPushSubscription.objects.update_or_create(
            endpoint=endpoint, defaults=fields
        )
        NotificationPreference.objects.filter(
            user=user, channel=Channel.WEBPUSH, enabled=False
        ).update(enabled=True)
        newest = WebPushSubscription.objects.filter(user=user).order_by("-created_at", "-id")
        stale = list(newest.values_list("id", flat=True)[MAX_PUSH_SUBSCRIPTIONS:])
        if stale:  # the oldest browsers give way; they can subscribe again
            WebPushSubscription.objects.filter(id__in=stale).delete()
    return subscription


def push_subscription_delete(*, user: Any, endpoint: str) -> int:
    """Forget this browser for `user` (only their own). Returns how many were removed."""
    deleted, _rows = WebPushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return deleted
