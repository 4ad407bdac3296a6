"""Sign-in with a one-time code sent by SMS to a Vietnamese mobile number.

Codes: 6 digits, stored as keyed hashes, valid 5 minutes, 5 tries. Limits: per number 3 codes
per 15 minutes and 10 per day; per address 10 codes per hour and 30 wrong codes per hour.
Counting uses the database, so limits hold across processes without Redis.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.core.audit import audit_record, client_ip
from openprovince.core.counting import count_up_to
from openprovince.core.errors import AppError
from openprovince.core.text import unaccent
from openprovince.notifications.sms import SmsNotSent, sms_send
from openprovince.web.brand import brand_current

from ..hashing import keyed_hash, same_hash
from ..models import PhoneCode, SignInAttempt, User
from ..phone import phone_masked, phone_normalise
from .citizens import citizen_for_phone

CODE_TTL = timedelta(minutes=5)
MAX_ATTEMPTS = 5
PER_PHONE_SHORT = (3, timedelta(minutes=15))
PER_PHONE_DAY = (10, timedelta(days=1))
PER_IP_HOUR = (10, timedelta(hours=1))
WRONG_PER_IP_HOUR = (30, timedelta(hours=1))
PURPOSE = "phone-code"


def _too_many(minutes: int) -> AppError:
    return AppError(
        "accounts.too_many_codes",
        _(
            "Too many codes were asked for. Please wait %(minutes)d minutes and try "
            "again, or call the hotline."
        )
        % {"minutes": minutes},
        status=429,
    )


def _check_send_limits(*, phone: str, ip: str | None) -> None:
    now = timezone.now()
    for limit, window in (PER_PHONE_SHORT, PER_PHONE_DAY):
        sent = PhoneCode.objects.filter(phone=phone, created_at__gte=now - window)
        if count_up_to(sent, limit) >= limit:
            raise _too_many(int(window.total_seconds() // 60))
    if ip:
        limit, window = PER_IP_HOUR
        sent = PhoneCode.objects.filter(ip=ip, created_at__gte=now - window)
        if count_up_to(sent, limit) >= limit:
            raise _too_many(60)


def phone_code_send(*, raw_phone: str, request: HttpRequest) -> str:
    """Send a code to the number; return it normalised (E.164)."""
    phone = phone_normalise(raw_phone)
    ip = client_ip(request)
    try:
        _check_send_limits(phone=phone, ip=ip)
    except AppError:
        audit_record(
            action="signin.phone_code",
            request=request,
            success=False,
            details={"phone": phone_masked(phone), "reason": "rate_limited"},
        )
        raise
    code = f"{secrets.randbelow(10**6):06d}"
    row = PhoneCode.objects.create(
        phone=phone,
        code_hash=keyed_hash(f"{phone}:{code}", purpose=PURPOSE),
        ip=ip,
        expires_at=timezone.now() + CODE_TTL,
    )
    text = _(
        "%(code)s is your sign-in code for %(app)s. It is valid for 5 minutes. "
        "Never share it with anyone."
    ) % {"code": code, "app": brand_current().name}
    try:
        sms_send(to=phone, text=unaccent(text))
    except SmsNotSent as exc:
        row.delete()  # an undelivered code must not count against the person's limit
        raise AppError(
            "accounts.sms_failed",
            _("We could not send the text message. Please try again in a minute."),
            status=503,
        ) from exc
    return phone


def phone_code_verify(*, raw_phone: str, code: str, request: HttpRequest) -> User:
    """Check the code; on success the account (created on first sign-in)."""
    phone = phone_normalise(raw_phone)
    ip = client_ip(request)
    now = timezone.now()
    limit, window = WRONG_PER_IP_HOUR
    attempts = SignInAttempt.objects.filter(kind="phone", ip=ip, at__gte=now - window)
    if ip and count_up_to(attempts, limit) >= limit:
        raise _too_many(60)
    code = "".join(ch for ch in code if ch.isdigit())[:6]
    failure = ""
    with transaction.atomic():  # the row lock makes two tries at once count as two
        row = (
            PhoneCode.objects.select_for_update()
            .filter(phone=phone, consumed_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if row is None or row.expires_at <= now:
            failure = "expired"
        elif row.attempts >= MAX_ATTEMPTS:
            failure = "locked"
        elif not same_hash(f"{phone}:{code}", row.code_hash, purpose=PURPOSE):
            row.attempts += 1
            row.save(update_fields=["attempts"])
            SignInAttempt.objects.create(username=phone, ip=ip, kind="phone")
            failure = "wrong"
        else:
            row.consumed_at = now
            row.save(update_fields=["consumed_at"])
            user, created = citizen_for_phone(phone=phone)
            audit_record(
                action="signin.phone",
                request=request,
                actor=user,
                target=user,
                details={"new_account": created},
            )
            return user
    # Outside the transaction: the failure is recorded and the counters stay.
    audit_record(
        action="signin.phone",
        request=request,
        success=False,
        details={"phone": phone_masked(phone), "reason": failure},
    )
    if failure == "expired":
        raise AppError(
            "accounts.code_expired", _("This code has expired. Ask for a new code."), status=400
        )
    if failure == "locked":
        raise AppError(
            "accounts.code_locked", _("Too many wrong tries. Ask for a new code."), status=400
        )
    left = MAX_ATTEMPTS - row.attempts if row else 0
    raise AppError(
        "accounts.code_wrong",
        _("The code is not right. You have %(left)d tries left.") % {"left": left},
        fields={"code": [_("Wrong code.")]},
        status=400,
    )
