"""Delivery channels, one small module each. The in-app inbox is not here: it needs no
delivery (notification_enqueue writes it directly)."""

from __future__ import annotations

from . import email, sms, webpush, zns
from .base import (
    AddressGoneError,
    ChannelModule,
    DeliveryError,
    PermanentError,
    RetryableError,
)

__all__ = [
    "CHANNELS",
    "AddressGoneError",
    "ChannelModule",
    "DeliveryError",
    "PermanentError",
    "RetryableError",
]

CHANNELS: dict[str, ChannelModule] = {
    "sms": sms,
    "zns": zns,
    "email": email,
    "webpush": webpush,
}
