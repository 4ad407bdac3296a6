"""Reading orders and payments."""

from __future__ import annotations

from uuid import UUID

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

from .models import LedgerEntry, Order, OrderLine, PaymentAttempt


def order_by_public_id(public_id: UUID) -> Order | None:
    """An order by its unguessable id, which is the payer's capability to see and pay it
    (tuition payers need no account)."""
    return Order.objects.select_related("payee").filter(public_id=public_id).first()


def attempt_by_public_id(public_id: UUID) -> PaymentAttempt | None:
    return (
        PaymentAttempt.objects.select_related("order", "order__payee")
        .filter(public_id=public_id)
        .first()
    )


def order_subjects(order: Order) -> list[str]:
    """What the order's lines pay for ("tuition.bill:<id>", …), in line order. Plain SQL:
    paid hooks call it inside the settlement's transaction, on every callback's hot path."""
    db = connections[DEFAULT_DB_ALIAS]
    table, column = OrderLine._meta.db_table, OrderLine._meta.get_field("order").column
    with db.cursor() as cursor:
        cursor.execute(
            f"SELECT subject FROM {db.ops.quote_name(table)} "  # noqa: S608 - model names only
            f"WHERE {db.ops.quote_name(column)} = %s ORDER BY id",
            [order.pk],
        )
        return [str(subject) for (subject,) in cursor.fetchall()]


def order_lines(order: Order) -> QuerySet:
    return order.lines.order_by("id")


def order_balance(order: Order) -> int:
    """Money held for the order per the ledger: payments less refunds."""
    return sum(LedgerEntry.objects.filter(order=order).values_list("amount", flat=True))
