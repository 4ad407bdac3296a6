"""Sign-in with Zalo from the mini app: verify the token with Zalo, optionally read the phone
number the person agreed to share, and find or create their one account."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError

from ..models import User
from ..phone import phone_normalise
from ..zalo import zalo_phone_number, zalo_profile
from .citizens import citizen_for_zalo


def zalo_sign_in(*, access_token: str, phone_token: str = "", request: HttpRequest) -> User:
    """All Zalo calls happen before any write: if Zalo is down or refuses, nothing is created."""
    try:
        profile = zalo_profile(access_token=access_token)
        phone = None
        if phone_token:
            phone = phone_normalise(
                zalo_phone_number(access_token=access_token, phone_token=phone_token)
            )
    except AppError as exc:
        audit_record(
            action="signin.zalo", request=request, success=False, details={"reason": exc.code}
        )
        raise
    with transaction.atomic():
        user, created = citizen_for_zalo(zalo_id=profile.id, name=profile.name, phone=phone)
        audit_record(
            action="signin.zalo",
            request=request,
            actor=user,
            target=user,
            details={"new_account": created, "phone_shared": bool(phone)},
        )
    return user
