"""Parents find a student's bills without an account: the student code and the date of
birth (or the phone the school has). A wrong pair reveals nothing — not whether the code
exists, nor the student's name — and an address that tries many pairs is slowed down
(TUITION_LOOKUPS_PER_IP_HOUR)."""

from __future__ import annotations

import hmac
from datetime import date

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from openprovince.accounts.phone import phone_normalise
from openprovince.core.audit import audit_record, audit_tries_refuse
from openprovince.core.errors import AppError

from ..models import TuitionBill

ACTION = "tuition.lookup"


def bills_lookup(
    *,
    student_code: str,
    birth_date: date | None = None,
    phone: str = "",
    request: HttpRequest | None = None,
) -> list[TuitionBill]:
    """The student's bills (unpaid first, then paid), when the code and the birth date or
    the phone match the school's records; AppError 404 otherwise."""
    audit_tries_refuse(
        request=request, action=ACTION, per_hour=settings.TUITION_LOOKUPS_PER_IP_HOUR,
        code="tuition.lookup_throttled",
    )  # fmt: skip
    code = student_code.strip().upper()[:20]
    try:
        wanted_phone = phone_normalise(phone) if phone.strip() else ""
    except AppError:
        wanted_phone = ""
    bills = []
    if code and (birth_date or wanted_phone):
        candidates = TuitionBill.objects.select_related("school", "paid_order").filter(
            student_code=code
        )
        bills = [
            bill
            for bill in candidates.exclude(status=TuitionBill.Status.CANCELLED)
            if (birth_date is not None and bill.birth_date == birth_date)
            or (
                wanted_phone
                and bill.guardian_phone
                and hmac.compare_digest(bill.guardian_phone, wanted_phone)
            )
        ]
    audit_record(
        action=ACTION,
        request=request,
        success=bool(bills),
        target_type="tuition.student",
        target_id=code,
    )
    if not bills:
        raise AppError(
            "tuition.lookup_no_match",
            _(
                "No bills match this student code and date of birth (or phone). Check both: "
                "the code is on the school's notice."
            ),
            status=404,
        )
    bills.sort(key=lambda b: (b.status != TuitionBill.Status.UNPAID, b.due_date, b.term))
    return bills
