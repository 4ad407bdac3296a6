"""Parents with no account look a student up and pay; a wrong pair reveals nothing."""

from __future__ import annotations

from typing import Any

import pytest

from openprovince.payments.models import Mismatch, Order
from openprovince.tuition.models import TuitionBill
from openprovince.tuition.services.paying import bills_pay


@pytest.mark.django_db
def test_given_the_right_code_and_birth_date_when_paying_two_bills_then_both_are_paid(
    client: Any, bills: Any
) -> None:
    page = client.post("/tuition/", {"code": "hs001", "birth": "2015-09-05"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nguyễn Văn An" in html and "1.500.000" in html and "1.200.000" in html
    chosen = [str(b.public_id) for b in TuitionBill.objects.filter(student_code="HS001")]

    to_pay = client.post("/tuition/pay", {"bill": chosen})
    order = Order.objects.get()
    assert to_pay["Location"] == f"/pay/{order.public_id}/"
    assert order.amount == 2_700_000 and order.lines.count() == 2
    started = client.post(f"/pay/{order.public_id}/start", {"provider": "demo"})
    client.post(started["Location"], {"choice": "pay"})

    bills_of_an = TuitionBill.objects.filter(student_code="HS001")
    statuses = set(bills_of_an.values_list("status", flat=True))
    assert statuses == {"paid"}
    assert TuitionBill.objects.get(student_code="HS002").status == "unpaid"


@pytest.mark.django_db
def test_given_the_phone_instead_of_the_birth_date_then_the_bills_show(
    client: Any, bills: Any
) -> None:
    page = client.post("/tuition/", {"code": "HS001", "phone": "0912 345 678"})
    assert "Nguyễn Văn An" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "form",
    [
        {"code": "HS001", "birth": "2015-09-06"},  # wrong date of birth
        {"code": "HS999", "birth": "2015-09-05"},  # unknown code
        {"code": "HS002", "phone": "0912345678"},  # another family's phone
    ],
)
def test_given_a_wrong_pair_then_the_same_answer_and_no_name(
    client: Any, bills: Any, form: dict[str, str]
) -> None:
    page = client.post("/tuition/", form)

    assert page.status_code == 404
    html = page.content.decode()
    assert "Nguyễn" not in html and "Trần" not in html and "HK1" not in html


@pytest.mark.django_db
def test_given_bills_not_looked_up_then_they_cannot_be_put_in_an_order(
    client: Any, bills: Any
) -> None:
    other = TuitionBill.objects.get(student_code="HS002")

    page = client.post("/tuition/pay", {"bill": [str(other.public_id)]})

    assert page.status_code == 400 and not Order.objects.exists()


@pytest.mark.django_db
def test_given_many_lookups_from_one_address_then_they_are_slowed_down(
    client: Any, bills: Any, settings: Any
) -> None:
    settings.TUITION_LOOKUPS_PER_IP_HOUR = 3
    for _ in range(3):
        client.post("/tuition/", {"code": "HS001", "birth": "2000-01-01"})

    page = client.post("/tuition/", {"code": "HS001", "birth": "2015-09-05"})

    assert page.status_code == 429


@pytest.mark.django_db
def test_given_one_bill_paid_by_two_orders_then_the_second_is_kept_for_refund(
    bills: Any,
) -> None:
    from openprovince.payments.providers.base import Notice, Outcome, StartContext
    from openprovince.payments.providers.demo import DemoProvider
    from openprovince.payments.services.attempts import attempt_start
    from openprovince.payments.services.settlement import payment_settle

    bill = TuitionBill.objects.get(student_code="HS002")
    ctx = StartContext(base_url="http://testserver", client_ip="127.0.0.1")
    for n in (1, 2):  # two tabs: two orders for one bill, both paid
        order = bills_pay(bills=[bill])
        attempt, _ = attempt_start(order=order, provider=DemoProvider(), ctx=ctx)
        payment_settle(
            notice=Notice(provider="demo", provider_ref=attempt.provider_ref,
                          outcome=Outcome.SUCCEEDED, amount=order.amount, provider_txn_id=f"T{n}"),
            source="callback",
        )  # fmt: skip

    bill.refresh_from_db()
    assert bill.status == "paid"
    assert Mismatch.objects.get().kind == "paid_twice"


def _settle_paid(order: Order, txn: str) -> None:
    from openprovince.payments.providers.base import Notice, Outcome, StartContext
    from openprovince.payments.providers.demo import DemoProvider
    from openprovince.payments.services.attempts import attempt_start
    from openprovince.payments.services.settlement import payment_settle

    ctx = StartContext(base_url="http://testserver", client_ip="127.0.0.1")
    attempt, _ = attempt_start(order=order, provider=DemoProvider(), ctx=ctx)
    payment_settle(
        notice=Notice(provider="demo", provider_ref=attempt.provider_ref,
                      outcome=Outcome.SUCCEEDED, amount=order.amount, provider_txn_id=txn),
        source="callback",
    )  # fmt: skip


@pytest.mark.django_db
def test_given_an_order_of_two_bills_one_already_paid_elsewhere_then_the_other_is_paid(
    bills: Any,
) -> None:
    first, second = TuitionBill.objects.filter(student_code="HS001").order_by("term")
    other = bills_pay(bills=[first])  # another tab paid the first bill alone
    both = bills_pay(bills=[first, second])

    _settle_paid(other, "T1")
    _settle_paid(both, "T2")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.paid_order_id) == ("paid", other.pk)
    assert (second.status, second.paid_order_id) == ("paid", both.pk)
    assert second.paid_at is not None and second.paid_at.tzinfo is not None
    mismatch = Mismatch.objects.get()
    assert (mismatch.kind, mismatch.order_id) == ("paid_twice", both.pk)
    assert mismatch.provider_txn_id == f"tuition.bill:{first.public_id}"


@pytest.mark.django_db
def test_given_bills_paid_online_then_the_lookup_shows_receipts_without_a_query_each(
    client: Any, bills: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    paid = list(TuitionBill.objects.filter(student_code="HS001"))
    for n, bill in enumerate(paid):
        _settle_paid(bills_pay(bills=[bill]), f"T{n}")

    client.get("/tuition/")  # what the first page of a process reads once (brand, …)
    with CaptureQueriesContext(connection) as unpaid_page:  # one bill, none paid
        client.post("/tuition/", {"code": "hs002", "birth": "2016-01-12"})
    client.cookies.clear()
    with CaptureQueriesContext(connection) as paid_page:  # two bills, both paid online
        page = client.post("/tuition/", {"code": "hs001", "birth": "2015-09-05"})

    assert len(paid_page) == len(unpaid_page)
    html = page.content.decode()
    for bill in paid:
        bill.refresh_from_db()
        assert bill.paid_order is not None
        assert f"/pay/receipts/{bill.paid_order.public_id}/" in html
