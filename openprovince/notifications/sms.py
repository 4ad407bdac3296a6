"""Sending SMS: one function, backends chosen by the SMS_BACKEND setting.

- `console` (default): nothing leaves the machine. With SMS_DEV_INBOX (default: DEBUG) messages
  are logged and kept for /dev/sms; otherwise only the fact of sending is logged (never the
  text: it holds sign-in codes).
- `http`: POST to SMS_HTTP_URL, JSON `{"to": "+84…", "from": SMS_SENDER, "text": "…"}` with
  `Authorization: Bearer SMS_HTTP_TOKEN`; any 2xx means accepted. A thin gateway in front of a
  brandname provider (VNPT, Viettel, eSMS…) speaks this; see docs/sms.md.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings

from openprovince.core.errors import AppError

from .models import DevSmsMessage

log = logging.getLogger("openprovince.sms")


class SmsNotSent(AppError):
    status = 503


def sms_send(*, to: str, text: str) -> None:
    """Deliver one message or raise SmsNotSent (the caller tells the person to retry)."""
    backend = settings.SMS_BACKEND
    if backend == "console":
        _send_console(to=to, text=text)
    elif backend == "http":
        _send_http(to=to, text=text)
    else:  # settings validate this; keep a clear failure if they did not
        raise SmsNotSent("sms.misconfigured", f"unknown SMS_BACKEND {backend!r}")


def _send_console(*, to: str, text: str) -> None:
    if settings.SMS_DEV_INBOX:
        DevSmsMessage.objects.create(to=to, text=text)
        log.info("SMS (console) to %s: %s", to, text)
    else:
        log.warning("SMS (console backend, not delivered) to %s***", to[:6])


def _send_http(*, to: str, text: str) -> None:
    body = json.dumps({"to": to, "from": settings.SMS_SENDER, "text": text}).encode()
    request = urllib.request.Request(  # noqa: S310 - the URL is an admin setting (http/https)
        settings.SMS_HTTP_URL,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {settings.SMS_HTTP_TOKEN}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.SMS_HTTP_TIMEOUT) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        log.error("SMS gateway unreachable: %s", exc)
        raise SmsNotSent("sms.unreachable", "SMS gateway unreachable") from exc
    if not 200 <= status < 300:
        log.error("SMS gateway refused the message: HTTP %s", status)
        raise SmsNotSent("sms.refused", f"SMS gateway answered HTTP {status}")
    log.info("SMS accepted by gateway for %s***", to[:6])
