"""Status lookup without signing in: the dossier code and the phone number given with it.
A wrong pair reveals nothing (not even whether the code exists), and an address that tries
many pairs is slowed down (DOSSIER_LOOKUPS_PER_IP_HOUR)."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from openprovince.accounts.phone import phone_normalise
from openprovince.core.audit import audit_record, audit_tries_refuse
from openprovince.core.errors import AppError

from ..models import Dossier


def dossier_lookup(*, code: str, phone: str, request: HttpRequest | None = None) -> Dossier:
    """The dossier whose code and contact phone both match, or AppError 404."""
    audit_tries_refuse(
        request=request, action="dossier.lookup", per_hour=settings.DOSSIER_LOOKUPS_PER_IP_HOUR,
        code="dossiers.lookup_throttled",
    )  # fmt: skip
    code = code.strip().upper()[:60]
    try:
        wanted = phone_normalise(phone)
    except AppError:
        wanted = ""
    dossier = (
        Dossier.objects.select_related("case__agency", "procedure").filter(case__code=code).first()
        if code and wanted
        else None
    )
    # Same work and the same answer for an unknown code and a wrong phone.
    match = dossier is not None and hmac.compare_digest(dossier.contact_phone, wanted or "-")
    audit_record(
        action="dossier.lookup",
        request=request,
        success=match,
        target=dossier.case if match and dossier is not None else None,
        target_type="" if match else "dossier",
        details={} if match else {"code": code[:40]},
    )
    if not match or dossier is None:
        raise AppError(
            "dossiers.lookup_no_match",
            _(
                "No dossier matches this code and phone number. Check both: the code is on "
                "your receipt, the phone is the one you gave with the dossier."
            ),
            status=404,
        )
    return dossier
