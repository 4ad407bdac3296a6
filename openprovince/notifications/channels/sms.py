"""SMS through `notifications.sms.sms_send` (SMS_BACKEND). Texts go without diacritics: 160
characters a message instead of 70. The gateway contract has no idempotency key, so a message
repeated after a worker crash can reach the phone twice (docs/notifications.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openprovince.core.text import unaccent

from ..sms import SmsNotSent, sms_send
from .base import PermanentError, RetryableError

if TYPE_CHECKING:
    from ..models import OutboxMessage

NEEDS_CONSENT = True


def address(user: Any) -> str:
    return str(user.phone or "")


def available(event: str) -> bool:
    return True


def send(message: OutboxMessage) -> str:
    to = address(message.recipient)
    if not to:
        raise PermanentError("sms.no_phone")
    try:
        sms_send(to=to, text=unaccent(message.body or message.subject))
    except SmsNotSent as exc:  # unreachable or refused: both may pass on a later try
        raise RetryableError(exc.code, exc.message) from exc
    return ""
