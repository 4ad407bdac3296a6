"""What a provider's notice means for our books: the one place an order becomes paid.

Callbacks, status queries (reconciliation) and bank statement imports all end here. Each
call locks the attempt and its order, so concurrent deliveries of the same callback queue
behind each other; the ledger's unique (kind, provider, transaction) makes a replay count
nothing; and an attempt only moves forward (created → succeeded/failed, failed → succeeded
when money did arrive after all; never succeeded → anything else).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from openprovince.core.audit import audit_record

from ..models import Mismatch, Order, PaymentAttempt
from ..providers.base import Notice, Outcome, Settled
from ..purposes import run_paid_hooks
from .settlement_sql import (
    attempt_with_order_locked,
    attempt_write,
    ledger_payment_insert,
    order_paid_write,
)

log = logging.getLogger(__name__)


def payment_settle(*, notice: Notice, source: str) -> Settled:
    """Record what `notice` says about its attempt. `source` is "callback", "query" or
    "statement", for the audit log."""
    with transaction.atomic():
        attempt = attempt_with_order_locked(
            provider=notice.provider, provider_ref=notice.provider_ref
        )
        if attempt is None:
            if notice.outcome is Outcome.SUCCEEDED:
                mismatch_record(
                    kind=Mismatch.Kind.UNKNOWN_ORDER, notice=notice, order=None,
                    details={"source": source},
                )  # fmt: skip
            _audit(notice, source, None, Settled.UNKNOWN)
            return Settled.UNKNOWN
        order = attempt.order
        settled = _settle(attempt, order, notice, source)
        _audit(notice, source, order, settled)
        return settled


def _settle(attempt: PaymentAttempt, order: Order, notice: Notice, source: str) -> Settled:
    if notice.outcome is Outcome.PENDING:
        return Settled.IGNORED
    if notice.amount != attempt.amount or notice.currency != "VND":
        if notice.outcome is Outcome.SUCCEEDED:
            mismatch_record(
                kind=Mismatch.Kind.WRONG_AMOUNT, notice=notice, order=order,
                details={"expected": attempt.amount, "source": source},
            )  # fmt: skip
        return Settled.WRONG_AMOUNT
    if notice.outcome is Outcome.FAILED:
        if attempt.status != PaymentAttempt.Status.CREATED:
            return Settled.IGNORED  # an older event; never move an attempt back
        attempt.status = PaymentAttempt.Status.FAILED
        attempt.result_code = notice.code[:20]
        attempt.settled_at = timezone.now()
        attempt_write(attempt)
        return Settled.FAILED
    if attempt.status == PaymentAttempt.Status.SUCCEEDED:
        if notice.provider_txn_id and notice.provider_txn_id != attempt.provider_txn_id:
            # The same attempt paid by another transaction: money arrived twice.
            if not _ledger_payment(attempt, order, notice, note="second transaction"):
                return Settled.ALREADY
            mismatch_record(kind=Mismatch.Kind.PAID_TWICE, notice=notice, order=order)
            return Settled.CONFIRMED
        return Settled.ALREADY
    now = timezone.now()
    txn_id = notice.provider_txn_id or attempt.provider_ref
    attempt.status = PaymentAttempt.Status.SUCCEEDED
    attempt.provider_txn_id = txn_id[:64]
    attempt.result_code = notice.code[:20]
    attempt.settled_at = now
    attempt_write(attempt)
    if not _ledger_payment(attempt, order, notice):
        return Settled.ALREADY
    if order.status in (Order.Status.PENDING, Order.Status.EXPIRED):
        order.status = Order.Status.PAID
        order.paid_at = order.updated_at = now
        order.paid_by = attempt
        order_paid_write(order)
        run_paid_hooks(order)
    elif order.status == Order.Status.PAID:
        mismatch_record(kind=Mismatch.Kind.PAID_TWICE, notice=notice, order=order)
    else:
        mismatch_record(kind=Mismatch.Kind.PAID_AFTER_CANCEL, notice=notice, order=order)
    return Settled.CONFIRMED


def _ledger_payment(attempt: PaymentAttempt, order: Order, notice: Notice, note: str = "") -> bool:
    """One ledger entry for this provider transaction; False when it already exists."""
    return ledger_payment_insert(
        order=order, attempt=attempt, amount=notice.amount, provider=notice.provider,
        txn_id=(notice.provider_txn_id or attempt.provider_ref)[:64], note=note,
        at=timezone.now(),
    )  # fmt: skip


def mismatch_record(
    *, kind: str, notice: Notice, order: Order | None, details: dict[str, Any] | None = None
) -> None:
    """Keep a finding for the payments admins (once per finding) and log it."""
    log.warning(
        "payment mismatch %s: %s %s txn=%s amount=%s",
        kind, notice.provider, notice.provider_ref, notice.provider_txn_id, notice.amount,
    )  # fmt: skip
    Mismatch.objects.get_or_create(
        kind=kind,
        provider=notice.provider,
        provider_ref=notice.provider_ref[:64],
        provider_txn_id=notice.provider_txn_id[:64],
        defaults={"order": order, "amount": notice.amount, "details": details or {}},
    )


def _audit(notice: Notice, source: str, order: Order | None, settled: Settled) -> None:
    audit_record(
        action=f"payments.{source}",
        success=settled not in (Settled.UNKNOWN, Settled.WRONG_AMOUNT),
        target=order,
        target_type="" if order else "payments.attempt",
        target_id="" if order else notice.provider_ref[:64],
        details={
            "provider": notice.provider,
            "ref": notice.provider_ref,
            "txn": notice.provider_txn_id,
            "amount": notice.amount,
            "outcome": notice.outcome.value,
            "settled": settled.value,
        },
    )


def order_overpaid(*, order: Order, subject: str) -> None:
    """Called by a purpose's paid hook when part of a paid order was already paid by another
    order (two tabs, two payers): keep the money and ask an admin to refund it."""
    Mismatch.objects.get_or_create(
        kind=Mismatch.Kind.PAID_TWICE,
        provider="order",
        provider_ref=order.reference,
        provider_txn_id=subject[:64],
        defaults={"order": order, "amount": order.amount, "details": {"subject": subject}},
    )
