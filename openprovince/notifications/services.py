"""Writes a person makes about their own notifications."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.core.errors import AppError

from .models import InAppNotification, NotificationPreference


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
