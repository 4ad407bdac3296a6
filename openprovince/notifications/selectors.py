"""Reads for the in-app inbox and the preference page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from .models import Channel, InAppNotification, NotificationPreference


def notifications_unread_count(user: Any) -> int:
    """For the badge next to the bell; 0 for guests."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return InAppNotification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_of(user: Any, *, limit: int = 50) -> QuerySet[InAppNotification]:
    return InAppNotification.objects.filter(user=user).order_by("-created_at", "-id")[:limit]


def notification_channels_for(user: Any) -> list[tuple[str, str, bool]]:
    """(code, label, enabled) for each channel this installation sends, in-app excluded (it
    cannot be turned off). Zalo shows only once the OA token is configured."""
    off = set(
        NotificationPreference.objects.filter(user=user, enabled=False).values_list(
            "channel", flat=True
        )
    )
    labels = dict(Channel.choices)
    return [
        (code, str(labels[code]), code not in off)
        for code in settings.NOTIFY_CHANNELS
        if code != "zns" or settings.ZNS_ACCESS_TOKEN
    ]
