"""Consent per purpose, the "My data" export, and account deletion (Law 91/2025/QH15)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from openprovince.core.audit import audit_record
from openprovince.core.models import AuditEvent

from ..models import (
    ApiToken,
    BusinessMember,
    Consent,
    ConsentPurpose,
    RecoveryCode,
    TotpDevice,
    User,
)
from ..phone import phone_display
from ..tax_code import tax_code_display


def consent_give(
    *, user: User, purpose: ConsentPurpose, request: HttpRequest | None = None, channel: str = "web"
) -> Consent:
    with transaction.atomic():
        current = Consent.objects.filter(
            user=user, purpose__code=purpose.code, withdrawn_at__isnull=True
        ).first()
        if current and current.purpose_id == purpose.pk:
            return current
        if current:  # an older version of the text: replace it
            current.withdrawn_at = timezone.now()
            current.save(update_fields=["withdrawn_at"])
        consent = Consent.objects.create(user=user, purpose=purpose, channel=channel[:10])
        audit_record(
            action="consent.give",
            request=request,
            actor=user,
            target=user,
            details={"purpose": purpose.code, "version": purpose.version},
        )
    return consent


def consent_withdraw(*, user: User, purpose_code: str, request: HttpRequest | None = None) -> int:
    with transaction.atomic():
        count = 0
        for consent in Consent.objects.filter(
            user=user, purpose__code=purpose_code, withdrawn_at__isnull=True
        ):
            consent.withdrawn_at = timezone.now()
            consent.save(update_fields=["withdrawn_at"])
            count += 1
        if count:
            audit_record(
                action="consent.withdraw",
                request=request,
                actor=user,
                target=user,
                details={"purpose": purpose_code},
            )
    return count


def consent_active(*, user: User, purpose_code: str) -> bool:
    return Consent.objects.filter(
        user=user, purpose__code=purpose_code, withdrawn_at__isnull=True
    ).exists()


def user_data_export(*, user: User) -> dict[str, Any]:
    """Everything held about this person, and nothing about anyone else."""
    return {
        "format": "openprovince.my-data/1",
        "exported_at": timezone.now().isoformat(),
        "account": {
            "id": str(user.public_id),
            "name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "phone": phone_display(user.phone) if user.phone else None,
            "phone_verified_at": user.phone_verified_at.isoformat()
            if user.phone_verified_at
            else None,
            "signed_in_with_zalo": bool(user.zalo_id),
            "created_at": user.date_joined.isoformat(),
            "last_sign_in": user.last_login.isoformat() if user.last_login else None,
        },
        "consents": [
            {
                "purpose": c.purpose.code,
                "version": c.purpose.version,
                "text": c.purpose.text,
                "given_at": c.granted_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in Consent.objects.filter(user=user)
            .select_related("purpose")
            .order_by("granted_at")
        ],
        "businesses": [
            {
                "tax_code": tax_code_display(m.business.tax_code),
                "name": m.business.name,
                "status": m.status,
                "requested_at": m.requested_at.isoformat(),
            }
            for m in BusinessMember.objects.filter(user=user).select_related("business")
        ],
        "activity": [
            {"at": e.at.isoformat(), "action": e.action, "success": e.success, "ip": e.ip}
            for e in AuditEvent.objects.filter(actor=user).order_by("at")[:1000]
        ],
    }


def user_delete(*, user: User, request: HttpRequest | None = None) -> None:
    """Delete the account: personal data is erased and the person can no longer sign in.

    The row stays, anonymised, because requests the person filed are part of the government's
    case record and must keep pointing at "a former user".
    """
    with transaction.atomic():
        audit_record(action="account.delete", request=request, actor=user, target=user)
        now = timezone.now()
        Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=now)
        BusinessMember.objects.filter(user=user).delete()
        ApiToken.objects.filter(user=user).delete()
        TotpDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        user.username = f"deleted-{user.public_id.hex[:16]}"
        user.display_name = user.first_name = user.last_name = user.email = ""
        user.phone = user.zalo_id = None
        user.phone_verified_at = None
        user.is_active = user.is_staff = False
        user.anonymised_at = now
        # A new (unusable) password changes the session hash, and inactive users are refused
        # by the auth backend, so every session of the account ends here.
        user.set_unusable_password()
        user.save()
