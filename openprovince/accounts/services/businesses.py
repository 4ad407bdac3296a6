"""Business identities: a citizen registers or joins one; an official of the business's
commune/ward (handler or above) verifies the person's right to act for it."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.agencies.models import Agency
from openprovince.agencies.selectors import LOCAL_TYPES
from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError, PermissionDenied
from openprovince.core.text import clean_line

from ..models import Business, BusinessMember, User
from ..rules import can_handle
from ..tax_code import tax_code_normalise


def business_request(
    *,
    user: User,
    tax_code: str,
    name: str,
    address: str,
    agency: Agency,
    request: HttpRequest | None = None,
) -> BusinessMember:
    """Register a new business, or ask to act for a known one; pending until verified."""
    code = tax_code_normalise(tax_code)
    name, address = clean_line(name, max_length=200), clean_line(address, max_length=300)
    problems: dict[str, list[str]] = {}
    if len(name) < 2:
        problems["name"] = [_("Type the business name as on its registration.")]
    if len(address) < 5:
        problems["address"] = [_("Type the business address.")]
    if agency.type.code not in LOCAL_TYPES:
        problems["agency"] = [_("Choose the commune or ward of the business.")]
    if problems:
        raise AppError("accounts.bad_business", _("Some details are missing."), fields=problems)
    with transaction.atomic():
        business, _created = Business.objects.get_or_create(
            tax_code=code, defaults={"name": name, "address": address, "agency": agency}
        )
        member, created = BusinessMember.objects.get_or_create(business=business, user=user)
        if not created and member.status == BusinessMember.Status.REJECTED:
            member.status, member.decided_at = BusinessMember.Status.PENDING, None
            member.save(update_fields=["status", "decided_at"])
        audit_record(
            action="business.request",
            request=request,
            actor=user,
            target=business,
            agency_code=business.agency.code,
        )
    return member


def business_member_decide(
    *,
    by: User,
    member: BusinessMember,
    approve: bool,
    reason: str = "",
    request: HttpRequest | None = None,
) -> BusinessMember:
    business = member.business
    if not can_handle(by, business.agency):
        audit_record(
            action="business.verify",
            request=request,
            actor=by,
            success=False,
            target=business,
            agency_code=business.agency.code,
        )
        raise PermissionDenied(
            "accounts.cannot_verify", _("Only officials of this commune or ward can verify it.")
        )
    now = timezone.now()
    with transaction.atomic():
        member.status = BusinessMember.Status.ACTIVE if approve else BusinessMember.Status.REJECTED
        member.decided_at = now
        member.save(update_fields=["status", "decided_at"])
        if approve and business.verified_at is None:
            business.verified_at, business.verified_by = now, by
            business.save(update_fields=["verified_at", "verified_by"])
        audit_record(
            action="business.verify" if approve else "business.reject",
            request=request,
            actor=by,
            target=business,
            agency_code=business.agency.code,
            details={
                "member": member.user.public_id.hex,
                "reason": clean_line(reason, max_length=300),
            },
        )
    return member


def businesses_acting_for(user: User) -> list[Business]:
    """Businesses the user may act for now (verified membership)."""
    return list(
        Business.objects.filter(members__user=user, members__status=BusinessMember.Status.ACTIVE)
    )
