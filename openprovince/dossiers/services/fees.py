"""Paying a dossier's fee online through the payments core (issue 8, item 5).

When the office asks for the fee (state "payment"), the applicant pays an order of purpose
"dossier_fee" to the handling agency; once any provider confirms it, the paid hook records
the fee as paid with the order reference and moves the dossier on ("payment_received"), in
the settlement's transaction. Money that comes when the dossier no longer waits for it (paid
at the counter meanwhile, withdrawn, stopped) is kept and reported for a refund.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.accounts.models import User
from openprovince.core.errors import AppError
from openprovince.payments.models import Order, OrderLine
from openprovince.payments.services.orders import Line, order_create
from openprovince.payments.services.settlement import order_overpaid

from ..models import Dossier
from .handling import dossier_fee_paid

log = logging.getLogger(__name__)

PURPOSE = "dossier_fee"
SUBJECT = "dossier.fee:"


def dossier_fee_order(*, dossier: Dossier, user: User) -> Order:
    """The order the applicant pays the asked fee with: the one already waiting, if the
    same amount is still asked, else a new one."""
    case = dossier.case
    if case.state != "payment" or dossier.fee_paid_at is not None or dossier.fee_amount <= 0:
        raise AppError(
            "dossiers.no_fee_due", _("No fee is waiting to be paid for this dossier."), status=409
        )
    subject = f"{SUBJECT}{case.public_id}"
    waiting = (
        Order.objects.filter(
            purpose=PURPOSE, status=Order.Status.PENDING, amount=dossier.fee_amount,
            expires_at__gt=timezone.now(), lines__subject=subject,
        )
        .order_by("-created_at")
        .first()
    )  # fmt: skip
    if waiting is not None:
        return waiting
    return order_create(
        purpose=PURPOSE,
        description=_("Fee for dossier %(code)s") % {"code": case.code},
        payee=case.agency,
        payer=user,
        payer_name=user.display_name,
        lines=[
            Line(
                subject=subject,
                description=f"{dossier.procedure.display_name} – {case.code}",
                amount=dossier.fee_amount,
            )
        ],
    )


def dossier_fee_settle(order: Order) -> None:
    """The paid hook: record the fee and move the dossier on; when it no longer waits for
    this money, keep the money and ask an admin to refund it."""
    subjects = OrderLine.objects.filter(order=order, subject__startswith=SUBJECT)
    for subject in subjects.values_list("subject", flat=True):
        dossier = (
            Dossier.objects.select_related("case")
            .filter(case__public_id=subject.removeprefix(SUBJECT))
            .first()
        )
        if dossier is None:
            continue
        waiting = dossier.case.state == "payment" and dossier.fee_paid_at is None
        if waiting and dossier.fee_amount == order.amount:
            try:
                with transaction.atomic():  # a refused move must not undo the payment
                    dossier_fee_paid(dossier=dossier, by=None, reference=order.reference)
                continue
            except AppError as error:
                log.warning("dossier fee %s: %s", order.reference, error.code)
        order_overpaid(order=order, subject=subject)
