from __future__ import annotations

from django.db import models


class DevSmsMessage(models.Model):
    """What the console SMS backend "sent", kept only with DEBUG on, shown at /dev/sms."""

    to = models.CharField(max_length=16)
    text = models.CharField(max_length=480)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"SMS to {self.to}"
