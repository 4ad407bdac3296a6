"""Creating and ending orders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.agencies.models import Agency
from openprovince.core.errors import AppError

from ..models import Order, OrderLine
from ..references import reference_new

MAX_ORDER_VND = 500_000_000  # above every gateway's single-payment limit


@dataclass(frozen=True)
class Line:
    subject: str  # "<module>.<thing>:<id>", what the line pays for
    description: str
    amount: int


def order_create(
    *,
    purpose: str,
    description: str,
    payee: Agency,
    lines: Sequence[Line],
    payer: Any = None,
    payer_name: str = "",
    expires_in: timedelta | None = None,
) -> Order:
    """A pending order for `lines`; its amount is their sum."""
    if not lines:
        raise AppError("payments.empty", _("Choose at least one item to pay."))
    if any(line.amount <= 0 for line in lines):
        raise AppError("payments.amount", _("Every item must have an amount above zero."))
    total = sum(line.amount for line in lines)
    if total > MAX_ORDER_VND:
        raise AppError("payments.too_large", _("This amount is too large to pay online at once."))
    expires = timezone.now() + (expires_in or timedelta(minutes=settings.PAYMENTS_ORDER_MINUTES))
    for _try in range(3):  # a reference clash is astronomically rare; retry it anyway
        try:
            with transaction.atomic():
                order = Order.objects.create(
                    reference=reference_new(),
                    purpose=purpose,
                    description=description[:200],
                    amount=total,
                    payee=payee,
                    payer=payer if getattr(payer, "is_authenticated", False) else None,
                    payer_name=payer_name[:120],
                    expires_at=expires,
                )
        except IntegrityError:
            continue
        OrderLine.objects.bulk_create(
            OrderLine(
                order=order, subject=line.subject, description=line.description[:200],
                amount=line.amount,
            )
            for line in lines
        )  # fmt: skip
        return order
    raise RuntimeError("could not draw a unique order reference")


def order_cancel(*, order: Order) -> Order:
    """Cancel a pending order (the payer changed their mind). Money arriving later is kept
    and reported as a mismatch for a refund."""
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status != Order.Status.PENDING:
            raise AppError("payments.not_pending", _("This order can no longer be cancelled."))
        locked.status = Order.Status.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        return locked
