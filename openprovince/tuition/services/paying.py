"""Paying bills: one order for one or several unpaid bills of one school; once the order is
paid (whatever the provider), its bills are marked paid in the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.core.errors import AppError
from openprovince.payments.models import Order
from openprovince.payments.selectors import order_subjects
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
    first — then the money is kept and an admin is asked to refund it.

    One UPDATE for all the order's bills (it takes their row locks; a concurrent payment of
    the same bill waits, then finds it paid and is left out); only when some bill was left
    out, a second look finds which were paid by another order."""
    subjects = {
        uuid.UUID(subject.removeprefix(SUBJECT)): subject
        for subject in order_subjects(order)
        if subject.startswith(SUBJECT)
    }
    if not subjects:
        return
    if _bills_mark_paid(order, list(subjects)) == len(subjects):
        return
    # Bills gone since the order was made are skipped; those another order paid are kept.
    others = TuitionBill.objects.filter(
        public_id__in=list(subjects), status=TuitionBill.Status.PAID
    ).exclude(paid_order_id=order.pk)
    for public_id in sorted(others.values_list("public_id", flat=True), key=str):
        order_overpaid(order=order, subject=subjects[public_id])


def _bills_mark_paid(order: Order, public_ids: list[uuid.UUID]) -> int:
    """Mark the bills `public_ids` paid by `order`, except those paid by another order;
    how many were marked. Plain SQL (the ORM's update compiled per call cost a callback more
    CPU than the statement itself, inside SQLite's write lock); the values are adapted as
    the ORM adapts them (UUIDs as hex on SQLite, datetimes as naive UTC text there)."""
    db = connections[DEFAULT_DB_ALIAS]
    meta, quote = TuitionBill._meta, db.ops.quote_name
    public_id = meta.get_field("public_id")
    now = db.ops.adapt_datetimefield_value(timezone.now())
    paid = TuitionBill.Status.PAID.value
    placeholders = ", ".join(["%s"] * len(public_ids))
    # Names from the model, values all parameters.
    sql = (
        f"UPDATE {quote(meta.db_table)} SET status = %s, paid_order_id = %s, paid_at = %s, "  # noqa: S608
        f"updated_at = %s WHERE public_id IN ({placeholders}) "
        "AND (status <> %s OR paid_order_id = %s)"
    )
    params: list[Any] = [paid, order.pk, now, now]
    params += [public_id.get_db_prep_value(value, db) for value in public_ids]
    params += [paid, order.pk]
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)
