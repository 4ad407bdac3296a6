"""E-mail through Django's mail API (EMAIL_* settings). The Message-ID is derived from the
outbox key, so a repeat after a worker crash is recognisably the same message."""

from __future__ import annotations

import smtplib
from typing import TYPE_CHECKING, Any

from django.core.mail import EmailMessage

from .base import PermanentError, RetryableError

if TYPE_CHECKING:
    from ..models import OutboxMessage

NEEDS_CONSENT = False  # people give their address for this; the preference page turns it off


def address(user: Any) -> str:
    return str(user.email or "")


def available(event: str) -> bool:
    return True


def send(message: OutboxMessage) -> str:
    to = address(message.recipient)
    if not to:
        raise PermanentError("email.no_address")
    message_id = f"<{message.key.hex}@openprovince>"
    email = EmailMessage(
        subject=message.subject, body=message.body, to=[to], headers={"Message-ID": message_id}
    )
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        raise PermanentError("email.refused", str(exc)[:500]) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise RetryableError("email.unavailable", str(exc)[:500]) from exc
    return message_id
