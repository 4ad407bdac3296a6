"""Reads for the in-app inbox and the preference page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet

from .models import (
    Channel,
    InAppNotification,
    NotificationPreference,
    OutboxMessage,
    WebPushSubscription,
)


def notifications_unread_count(user: Any) -> int:
    """For the badge next to the bell; 0 for guests."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return InAppNotification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_of(user: Any, *, limit: int = 50) -> QuerySet[InAppNotification]:
    return InAppNotification.objects.filter(user=user).order_by("-created_at", "-id")[:limit]


def _configured(code: str) -> bool:
    if code == Channel.ZNS:
        return bool(settings.ZNS_ACCESS_TOKEN)
    if code == Channel.WEBPUSH:
        return bool(settings.WEBPUSH_VAPID_PUBLIC_KEY and settings.WEBPUSH_VAPID_PRIVATE_KEY)
    return True


def notification_channels_for(user: Any) -> list[tuple[str, str, bool]]:
    """(code, label, enabled) for each channel this installation sends, in-app excluded (it
    cannot be turned off). Zalo shows only once the OA token is configured, Web Push once the
    VAPID keys are."""
    off = set(
        NotificationPreference.objects.filter(user=user, enabled=False).values_list(
            "channel", flat=True
        )
    )
    labels = dict(Channel.choices)
    return [
        (code, str(labels[code]), code not in off)
        for code in settings.NOTIFY_CHANNELS
        if _configured(code)
    ]


def push_subscriptions_count(user: Any) -> int:
    """How many browsers (phones, computers) would show this person's notifications."""
    return WebPushSubscription.objects.filter(user=user).count()


def outbox_counts(
    *, event: str, context_key: str, context_value: str
) -> dict[tuple[str, str], int]:
    """How many outbox messages of `event` whose context has `context_key` = `context_value`
    are in each (channel, status): delivery statistics of one announcement."""
    rows = (
        OutboxMessage.objects.filter(event=event, **{f"context__{context_key}": context_value})
        .values_list("channel", "status")
        .annotate(n=Count("id"))
    )
    return {(channel, status): n for channel, status, n in rows}
