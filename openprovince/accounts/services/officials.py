"""Officials: password, then a second factor (authenticator app or a recovery code).

Lockout: 10 wrong passwords or 5 wrong second-factor codes for one account in 15 minutes lock
it for the rest of that window; every failure is in the audit log.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.core.audit import audit_record, client_ip
from openprovince.core.counting import count_up_to
from openprovince.core.errors import AppError

from ..hashing import keyed_hash, same_hash
from ..models import RecoveryCode, SignInAttempt, TotpDevice, User
from ..totp import totp_match, totp_new_secret

LOCK_WINDOW = timedelta(minutes=15)
MAX_PASSWORD_FAILURES = 10
MAX_TOTP_FAILURES = 5
RECOVERY_CODES = 10
PURPOSE = "recovery-code"


def _failures(username: str, kind: str, limit: int) -> int:
    """Failed attempts on `username` in the lock window, counted up to `limit`."""
    since = timezone.now() - LOCK_WINDOW
    attempts = SignInAttempt.objects.filter(username=username, kind=kind, at__gte=since)
    return count_up_to(attempts, limit)


def _locked() -> AppError:
    return AppError(
        "accounts.locked",
        _("Too many failed attempts. This account is locked for 15 minutes."),
        status=429,
    )


def official_check_password(*, username: str, password: str, request: HttpRequest) -> User:
    username = username.strip()[:150]
    if _failures(username, "password", MAX_PASSWORD_FAILURES) >= MAX_PASSWORD_FAILURES:
        audit_record(
            action="signin.password",
            request=request,
            success=False,
            details={"username": username, "reason": "locked"},
        )
        raise _locked()
    user = authenticate(request, username=username, password=password)
    if user is None or not isinstance(user, User) or not user.is_staff:
        SignInAttempt.objects.create(username=username, ip=client_ip(request), kind="password")
        audit_record(
            action="signin.password",
            request=request,
            success=False,
            details={"username": username, "reason": "wrong"},
        )
        raise AppError(
            "accounts.bad_password", _("The user name or password is not right."), status=400
        )
    audit_record(action="signin.password", request=request, actor=user, target=user)
    return user


def totp_device_of(user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def totp_enrolment_start(*, user: User) -> TotpDevice:
    """The secret to show during enrolment (kept across page loads until confirmed)."""
    device, _created = TotpDevice.objects.get_or_create(
        user=user, defaults={"secret": totp_new_secret()}
    )
    return device


def totp_enrolment_confirm(*, user: User, code: str, request: HttpRequest) -> list[str]:
    """Confirm the authenticator with one code; returns new recovery codes (shown once)."""
    device = TotpDevice.objects.filter(user=user).first()
    step = totp_match(device.secret, code, after_step=0) if device else None
    if device is None or step is None:
        audit_record(action="2fa.enrol", request=request, actor=user, success=False)
        raise AppError(
            "accounts.totp_wrong",
            _("That code does not match. Check the time on your phone and try the newest code."),
            fields={"code": [_("Wrong code.")]},
        )
    with transaction.atomic():
        device.confirmed_at, device.last_step = timezone.now(), step
        device.save(update_fields=["confirmed_at", "last_step"])
        codes = _new_recovery_codes(user)
        audit_record(action="2fa.enrol", request=request, actor=user, target=user)
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=keyed_hash(c, purpose=PURPOSE)) for c in codes
    )
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def official_check_second_factor(*, user: User, code: str, request: HttpRequest) -> str:
    """Accept a current authenticator code or an unused recovery code; returns which."""
    username = user.get_username()
    if _failures(username, "totp", MAX_TOTP_FAILURES) >= MAX_TOTP_FAILURES:
        audit_record(
            action="signin.2fa",
            request=request,
            actor=user,
            success=False,
            details={"reason": "locked"},
        )
        raise _locked()
    cleaned = code.replace(" ", "").replace("-", "")
    with transaction.atomic():
        device = (
            TotpDevice.objects.select_for_update()
            .filter(user=user, confirmed_at__isnull=False)
            .first()
        )
        if device and len(cleaned) == 6:
            step = totp_match(device.secret, cleaned, after_step=device.last_step)
            if step is not None:
                device.last_step = step
                device.save(update_fields=["last_step"])
                audit_record(
                    action="signin.2fa", request=request, actor=user, details={"method": "totp"}
                )
                return "totp"
        if len(cleaned) == 10:
            for row in RecoveryCode.objects.select_for_update().filter(
                user=user, used_at__isnull=True
            ):
                if same_hash(cleaned, row.code_hash, purpose=PURPOSE):
                    row.used_at = timezone.now()
                    row.save(update_fields=["used_at"])
                    audit_record(
                        action="signin.2fa",
                        request=request,
                        actor=user,
                        details={"method": "recovery_code"},
                    )
                    return "recovery_code"
    SignInAttempt.objects.create(username=username, ip=client_ip(request), kind="totp")
    audit_record(
        action="signin.2fa", request=request, actor=user, success=False, details={"reason": "wrong"}
    )
    left = MAX_TOTP_FAILURES - _failures(username, "totp", MAX_TOTP_FAILURES)
    if left <= 0:
        raise _locked()
    raise AppError(
        "accounts.totp_wrong",
        _("That code is not right. %(left)d tries left.") % {"left": left},
        fields={"code": [_("Wrong code.")]},
    )
