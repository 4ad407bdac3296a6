"""The settlement core: what a notice does to an order, whatever provider sent it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from openprovince.core.models import AuditEvent
from openprovince.payments.models import LedgerEntry, Mismatch, Order, PaymentAttempt
from openprovince.payments.providers.base import Notice, Outcome, Settled, StartContext
from openprovince.payments.providers.demo import DemoProvider
from openprovince.payments.purposes import on_paid
from openprovince.payments.services.attempts import attempt_start
from openprovince.payments.services.reconciliation import payments_reconcile
from openprovince.payments.services.settlement import payment_settle

CTX = StartContext(base_url="http://testserver", client_ip="127.0.0.1")
paid_orders: list[str] = []
on_paid("test", lambda order: paid_orders.append(order.reference))


def _attempt(order: Order) -> PaymentAttempt:
    attempt, _checkout = attempt_start(order=order, provider=DemoProvider(), ctx=CTX)
    return attempt


def _notice(attempt: PaymentAttempt, outcome: Outcome = Outcome.SUCCEEDED, **kw: Any) -> Notice:
    fields: dict[str, Any] = {
        "provider": "demo", "provider_ref": attempt.provider_ref, "outcome": outcome,
        "amount": attempt.amount, "provider_txn_id": "T1" if outcome is Outcome.SUCCEEDED else "",
    }  # fmt: skip
    return Notice(**{**fields, **kw})


@pytest.mark.django_db
def test_given_a_pending_order_when_the_success_notice_comes_then_it_is_paid_once(
    make_order: Any,
) -> None:
    paid_orders.clear()
    order = make_order(100_000, 50_000)
    attempt = _attempt(order)

    results = [payment_settle(notice=_notice(attempt), source="callback") for _ in range(10)]

    assert results[0] is Settled.CONFIRMED
    assert results[1:] == [Settled.ALREADY] * 9
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.amount == 150_000
    assert order.paid_by_id == attempt.pk
    assert list(LedgerEntry.objects.values_list("amount", "provider_txn_id")) == [(150_000, "T1")]
    assert paid_orders == [order.reference]  # the purpose's hook ran once
    assert AuditEvent.objects.filter(action="payments.callback").count() == 10


@pytest.mark.django_db
def test_given_a_wrong_amount_then_nothing_is_paid_and_admins_get_one_mismatch(
    make_order: Any,
) -> None:
    attempt = _attempt(make_order(150_000))

    for _ in range(3):
        assert payment_settle(notice=_notice(attempt, amount=1_000), source="callback") is (
            Settled.WRONG_AMOUNT
        )

    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.CREATED
    assert not LedgerEntry.objects.exists()
    assert list(Mismatch.objects.values_list("kind", "amount")) == [("wrong_amount", 1_000)]


@pytest.mark.django_db
def test_given_an_unknown_reference_then_it_is_refused_and_kept_as_a_mismatch(db: Any) -> None:
    notice = Notice(provider="demo", provider_ref="OPNOSUCH", outcome=Outcome.SUCCEEDED,
                    amount=5_000, provider_txn_id="X9")  # fmt: skip

    assert payment_settle(notice=notice, source="callback") is Settled.UNKNOWN

    assert Mismatch.objects.get().kind == "unknown_order"
    assert AuditEvent.objects.get(action="payments.callback").success is False


@pytest.mark.django_db
def test_given_success_then_a_late_failure_the_payment_does_not_move_back(
    make_order: Any,
) -> None:
    order = make_order()
    attempt = _attempt(order)
    payment_settle(notice=_notice(attempt), source="callback")

    late = payment_settle(notice=_notice(attempt, Outcome.FAILED), source="callback")

    assert late is Settled.IGNORED
    attempt.refresh_from_db()
    order.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.SUCCEEDED and order.status == "paid"


@pytest.mark.django_db
def test_given_a_failure_then_the_money_after_all_the_order_is_paid(make_order: Any) -> None:
    order = make_order()
    attempt = _attempt(order)

    assert payment_settle(notice=_notice(attempt, Outcome.FAILED), source="callback") is (
        Settled.FAILED
    )
    assert payment_settle(notice=_notice(attempt), source="query") is Settled.CONFIRMED

    order.refresh_from_db()
    assert order.status == Order.Status.PAID


@pytest.mark.django_db
def test_given_two_attempts_both_paid_then_the_second_is_kept_and_reported(
    make_order: Any,
) -> None:
    order = make_order()
    first, second = _attempt(order), _attempt(order)
    payment_settle(notice=_notice(first), source="callback")

    result = payment_settle(notice=_notice(second, provider_txn_id="T2"), source="callback")

    assert result is Settled.CONFIRMED
    assert LedgerEntry.objects.filter(order=order).count() == 2  # both sums are on the books
    assert Mismatch.objects.get().kind == "paid_twice"
    order.refresh_from_db()
    assert order.paid_by_id == first.pk


@pytest.mark.django_db
def test_given_a_cancelled_order_when_money_arrives_then_it_is_booked_and_reported(
    make_order: Any,
) -> None:
    from openprovince.payments.services.orders import order_cancel

    order = make_order()
    attempt = _attempt(order)
    order_cancel(order=order)

    payment_settle(notice=_notice(attempt), source="callback")

    assert LedgerEntry.objects.filter(order=order).count() == 1
    assert Mismatch.objects.get().kind == "paid_after_cancel"
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED


@pytest.mark.django_db
def test_given_an_order_past_its_time_then_reconciliation_expires_it_but_money_still_counts(
    make_order: Any,
) -> None:
    order = make_order()
    attempt = _attempt(order)
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    result = payments_reconcile()

    order.refresh_from_db()
    assert result.orders_expired == 1 and order.status == Order.Status.EXPIRED
    assert payment_settle(notice=_notice(attempt), source="callback") is Settled.CONFIRMED
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


@pytest.mark.django_db
def test_given_an_unpaid_attempt_days_old_then_reconciliation_expires_it(
    make_order: Any,
) -> None:
    attempt = _attempt(make_order())
    PaymentAttempt.objects.filter(pk=attempt.pk).update(
        created_at=timezone.now() - timedelta(days=3)
    )

    payments_reconcile()

    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.EXPIRED


@pytest.mark.django_db
def test_given_a_new_mismatch_then_reconciliation_tells_each_admin_once(
    make_order: Any, admin_user: Any
) -> None:
    from openprovince.notifications.models import InAppNotification

    attempt = _attempt(make_order())
    payment_settle(notice=_notice(attempt, amount=1), source="callback")

    first, second = payments_reconcile(), payments_reconcile()

    assert (first.mismatches_reported, second.mismatches_reported) == (1, 0)
    note = InAppNotification.objects.get(user=admin_user)
    assert note.event == "payments.mismatch" and "/admin/payments/mismatch/" in note.link


@pytest.mark.django_db
def test_ledger_entries_cannot_be_changed_or_deleted(make_order: Any) -> None:
    attempt = _attempt(make_order())
    payment_settle(notice=_notice(attempt), source="callback")
    entry = LedgerEntry.objects.get()

    entry.amount = 1
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


@pytest.mark.django_db
def test_given_one_attempt_paid_by_a_second_transaction_replayed_then_it_is_booked_once(
    make_order: Any,
) -> None:
    order = make_order()
    attempt = _attempt(order)
    payment_settle(notice=_notice(attempt), source="callback")

    again = [
        payment_settle(notice=_notice(attempt, provider_txn_id="T2"), source="callback")
        for _ in range(10)
    ]

    # The second transaction is booked once (the ledger's unique transaction refuses the
    # replays without breaking their transaction) and reported once.
    assert again == [Settled.CONFIRMED] + [Settled.ALREADY] * 9
    assert sorted(LedgerEntry.objects.values_list("provider_txn_id", "note")) == [
        ("T1", ""), ("T2", "second transaction")]  # fmt: skip
    assert Mismatch.objects.get().kind == "paid_twice"
    attempt.refresh_from_db()
    assert attempt.provider_txn_id == "T1"
    assert AuditEvent.objects.filter(action="payments.callback").count() == 11
