"""Refunds: money sent back for a paid order (an overpaid bill, a cancelled service).

The money goes out by hand, through the provider's merchant portal or a bank transfer from
the payee's account; this records it. One service writes the `Refund`, the negative ledger
entry and the order's refunded total together, under the order's row lock, and never lets
the refunds pass what the ledger holds for the order. The transfer's reference is the
ledger's provider transaction id, so the same refund cannot be booked twice.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError

from ..models import LedgerEntry, Order, Refund
from ..selectors import order_balance

REFERENCE = re.compile(r"[A-Za-z0-9._:/-]{4,64}")


def _invalid(field: str, message: str) -> AppError:
    return AppError("payments.refund_invalid", message, fields={field: [message]})


def refund_record(
    *,
    order: Order,
    amount: int,
    reason: str,
    reference: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> Refund:
    """Book a refund already sent (`reference`: the portal's refund id or the transfer's
    reference). Raises AppError when the order is not paid, the amount is not in 1 …
    what the ledger holds, or the reference was booked before."""
    reason = " ".join(reason.split())[:300]
    reference = reference.strip()
    if not reason:
        raise _invalid("reason", _("Say why the money is sent back."))
    if not REFERENCE.fullmatch(reference):
        raise _invalid(
            "reference", _("Give the refund's reference: 4–64 letters, digits or . _ : / -")
        )
    if amount <= 0:
        raise _invalid("amount", _("The amount must be more than 0 đồng."))
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != Order.Status.PAID or order.paid_by is None:
            raise AppError("payments.not_paid", _("Only a paid order can be refunded."))
        held = order_balance(order)
        if amount > held:
            raise _invalid(
                "amount",
                _("At most %(held)s đồng is held for this order.") % {"held": f"{held:,}"},
            )
        attempt = order.paid_by
        now = timezone.now()
        try:
            with transaction.atomic():
                LedgerEntry.objects.create(
                    order=order, attempt=attempt, kind=LedgerEntry.Kind.REFUND, amount=-amount,
                    provider=attempt.provider, provider_txn_id=reference, note=reason[:200],
                )  # fmt: skip
        except IntegrityError as exc:
            raise _invalid(
                "reference", _("A refund with this reference is already booked.")
            ) from exc
        refund = Refund.objects.create(
            order=order, attempt=attempt, amount=amount, reason=reason,
            status=Refund.Status.SUCCEEDED, provider_refund_id=reference,
            requested_by=actor, settled_at=now,
        )  # fmt: skip
        order.refunded_amount += amount
        order.save(update_fields=["refunded_amount", "updated_at"])
        audit_record(
            action="payments.refund",
            request=request,
            actor=actor,
            target=order,
            details={"amount": amount, "reference": reference, "held_before": held},
        )
    return refund
