"""Refunds sent by hand are booked once, never beyond what the ledger holds."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from openprovince.core.errors import AppError
from openprovince.core.models import AuditEvent
from openprovince.payments.models import LedgerEntry, Order, Refund
from openprovince.payments.selectors import order_balance
from openprovince.payments.services.refunds import refund_record
from openprovince.payments.services.settlement import payment_settle
from tests.conftest import sign_in_official

from .test_settlement import _attempt, _notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(make_order: Any) -> Order:
    order = make_order(100_000, 50_000)
    payment_settle(notice=_notice(_attempt(order)), source="callback")
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    return order


def test_given_a_paid_order_when_part_is_refunded_then_the_books_follow(
    paid: Order, admin_user: Any
) -> None:
    refund = refund_record(
        order=paid,
        amount=50_000,
        reason="Trùng hóa đơn",
        reference="HT-2026-0001",
        actor=admin_user,
    )
    assert refund.status == Refund.Status.SUCCEEDED and refund.attempt_id == paid.paid_by_id
    paid.refresh_from_db()
    assert paid.refunded_amount == 50_000 and order_balance(paid) == 100_000
    entry = LedgerEntry.objects.get(kind=LedgerEntry.Kind.REFUND)
    assert (entry.amount, entry.provider_txn_id) == (-50_000, "HT-2026-0001")
    assert AuditEvent.objects.filter(action="payments.refund").count() == 1


def test_given_a_refund_reference_booked_before_then_refused(paid: Order, admin_user: Any) -> None:
    refund_record(order=paid, amount=10_000, reason="Lần 1", reference="HT-1", actor=admin_user)
    with pytest.raises(AppError) as again:
        refund_record(order=paid, amount=10_000, reason="Lần 2", reference="HT-1", actor=admin_user)
    assert "reference" in again.value.fields
    assert Refund.objects.count() == 1 and order_balance(paid) == 140_000


@pytest.mark.parametrize(
    ("amount", "reason", "reference", "field"),
    [
        (0, "Lý do", "HT-2", "amount"),
        (150_001, "Lý do", "HT-2", "amount"),  # more than the ledger holds
        (1_000, "  ", "HT-2", "reason"),
        (1_000, "Lý do", "x", "reference"),
        (1_000, "Lý do", "HT 2; DROP", "reference"),
    ],
)
def test_given_bad_input_then_nothing_is_booked(
    paid: Order, admin_user: Any, amount: int, reason: str, reference: str, field: str
) -> None:
    with pytest.raises(AppError) as error:
        refund_record(
            order=paid, amount=amount, reason=reason, reference=reference, actor=admin_user
        )
    assert field in error.value.fields
    assert not Refund.objects.exists() and not LedgerEntry.objects.filter(kind="refund").exists()


def test_given_everything_refunded_then_nothing_more_can_be(paid: Order, admin_user: Any) -> None:
    refund_record(order=paid, amount=150_000, reason="Hủy", reference="HT-ALL", actor=admin_user)
    with pytest.raises(AppError):
        refund_record(order=paid, amount=1, reason="Thêm", reference="HT-MORE", actor=admin_user)


def test_given_an_unpaid_order_then_refused(make_order: Any, admin_user: Any) -> None:
    order = make_order(20_000)
    with pytest.raises(AppError) as error:
        refund_record(order=order, amount=1_000, reason="Lý do", reference="HT-3", actor=admin_user)
    assert error.value.code == "payments.not_paid"


def test_given_a_platform_admin_then_the_admin_books_a_refund(
    client: Client, paid: Order, admin_user: Any
) -> None:
    sign_in_official(client, admin_user)
    page = client.get(f"/admin/payments/order/{paid.pk}/change/").content.decode()
    assert f"/admin/payments/order/{paid.pk}/refund/" in page
    url = f"/admin/payments/order/{paid.pk}/refund/"
    bad = client.post(url, {"amount": "9.999.999", "reference": "HT-9", "reason": "Lý do"})
    assert bad.status_code == 400 and not Refund.objects.exists()
    done = client.post(url, {"amount": "20.000", "reference": "HT-9", "reason": "Thu thừa"})
    assert done.status_code == 302
    assert Refund.objects.get().amount == 20_000


def test_given_staff_who_is_not_a_platform_admin_then_the_refund_page_is_refused(
    client: Client, paid: Order, django_user_model: Any
) -> None:
    staff = django_user_model.objects.create_user("nhanvien", password="x" * 12, is_staff=True)
    sign_in_official(client, staff)
    assert client.get(f"/admin/payments/order/{paid.pk}/refund/").status_code in (302, 403)
