"""Paying bills: one order for one or several unpaid bills of one school; once the order is
paid (whatever the provider), its bills are marked paid in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.core.errors import AppError
from openprovince.payments.models import Order
from openprovince.payments.services.orders import Line, order_create
from openprovince.payments.services.settlement import order_overpaid

from ..models import TuitionBill

PURPOSE = "tuition"
SUBJECT = "tuition.bill:"


def bills_pay(*, bills: Sequence[TuitionBill], payer: Any = None) -> Order:
    """A pending order for `bills` (all unpaid, all of one school)."""
    if not bills:
        raise AppError("tuition.none_chosen", _("Choose at least one bill to pay."))
    if any(bill.status != TuitionBill.Status.UNPAID for bill in bills):
        raise AppError("tuition.not_unpaid", _("One of the chosen bills is already paid."))
    schools = {bill.school_id for bill in bills}
    if len(schools) != 1:
        raise AppError(
            "tuition.several_schools", _("Bills of different schools are paid separately.")
        )
    students = sorted({bill.student_name for bill in bills})
    return order_create(
        purpose=PURPOSE,
        description=_("Tuition: %(students)s") % {"students": ", ".join(students)},
        payee=bills[0].school,
        payer=payer,
        lines=[
            Line(
                subject=f"{SUBJECT}{bill.public_id}",
                description=f"{bill.student_name} – {bill.class_name} – {bill.term}",
                amount=bill.amount,
            )
            for bill in bills
        ],
    )


def bills_mark_paid(order: Order) -> None:
    """The paid hook: each bill of the order becomes paid, unless another order paid it
    first — then the money is kept and an admin is asked to refund it."""
    now = timezone.now()
    for subject in order.lines.values_list("subject", flat=True):
        if not subject.startswith(SUBJECT):
            continue
        public_id = subject.removeprefix(SUBJECT)
        bill = TuitionBill.objects.select_for_update().filter(public_id=public_id).first()
        if bill is None:
            continue
        if bill.status == TuitionBill.Status.PAID and bill.paid_order_id != order.pk:
            order_overpaid(order=order, subject=subject)
            continue
        bill.status, bill.paid_order, bill.paid_at = TuitionBill.Status.PAID, order, now
        bill.save(update_fields=["status", "paid_order", "paid_at", "updated_at"])
