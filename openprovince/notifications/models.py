from __future__ import annotations

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DevSmsMessage(models.Model):
    """What the console SMS backend "sent", kept only with DEBUG on, shown at /dev/sms."""

    to = models.CharField(max_length=16)
    text = models.CharField(max_length=480)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"SMS to {self.to}"


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    SMS = "sms", _("Text message (SMS)")
    ZNS = "zns", _("Zalo message")
    EMAIL = "email", _("E-mail")
    WEBPUSH = "webpush", _("Browser notifications (phone or computer)")


class OutboxMessage(models.Model):
    """One message to one person on one channel, written in the transaction of the change it
    announces and delivered afterwards by a worker (at least once; see docs/notifications.md).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        RETRYING = "retrying", _("failed, will retry")
        DEAD = "dead", _("failed for good")
        CANCELLED = "cancelled", _("cancelled")  # consent, preference or address gone

    # Sent to providers that take one (ZNS tracking_id, e-mail Message-ID): repeats of the same
    # message carry the same id, so the provider or the reader can tell them apart.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outbox_messages"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    event = models.CharField(max_length=80)
    language = models.CharField(max_length=8, default="vi")
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    # For providers with templates (ZNS). Dates and lazy strings are stored as text.
    context = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    provider_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.event} → {self.channel} #{self.pk} ({self.status})"


class InAppNotification(models.Model):
    """The inbox on /notifications/ (and in the app): needs no consent, costs nothing."""

    # Indexed as the first column of notification_unread_idx.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    event = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """A person's on/off per channel; no row means on (SMS and Zalo still need consent)."""

    # Indexed as the first column of unique_user_channel.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        db_index=False,
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "channel"], name="unique_user_channel")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.channel}: {'on' if self.enabled else 'off'}"


class WebPushSubscription(models.Model):
    """One browser (phone, computer) that agreed to receive Web Push notifications for a
    person: the browser's PushSubscription (endpoint and keys). One endpoint belongs to one
    browser profile, so it is unique; whoever subscribed it last owns it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    # The push service's capability URL for this browser: anyone holding it can send there.
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=100)  # the browser's ECDH P-256 key, base64url
    auth = models.CharField(max_length=50)  # the browser's 16-byte auth secret, base64url
    user_agent = models.CharField(max_length=200, blank=True)  # to tell devices apart
    created_at = models.DateTimeField(auto_now_add=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)  # in a row; reset on success

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"push subscription #{self.pk} of {self.user_id}"
