"""Helpers for identity tests: read the code the console SMS backend "sent"."""

from __future__ import annotations

import re

from openprovince.notifications.models import DevSmsMessage


def last_code(phone_e164: str) -> str:
    message = DevSmsMessage.objects.filter(to=phone_e164).order_by("-id").first()
    assert message is not None, f"no SMS to {phone_e164}"
    match = re.search(r"\b(\d{6})\b", message.text)
    assert match is not None
    return match.group(1)
