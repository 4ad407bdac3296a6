"""Paying through the pages with the demo gateway, and the callback endpoint's guard."""

from __future__ import annotations

from typing import Any

import pytest

from openprovince.core.models import AuditEvent
from openprovince.payments.models import LedgerEntry, Order, PaymentAttempt
from openprovince.payments.providers.base import Outcome
from openprovince.payments.providers.demo import demo_fields


@pytest.mark.django_db
def test_given_an_order_when_a_guest_pays_with_the_demo_gateway_then_it_is_paid(
    client: Any, make_order: Any
) -> None:
    order = make_order(120_000)

    page = client.get(f"/pay/{order.public_id}/")
    assert page.status_code == 200
    assert "120.000 đồng" in page.content.decode() and order.reference in page.content.decode()

    started = client.post(f"/pay/{order.public_id}/start", {"provider": "demo"})
    assert started.status_code == 302 and started["Location"].startswith("/pay/demo/")
    gateway = client.get(started["Location"])
    assert gateway.status_code == 200

    back = client.post(started["Location"], {"choice": "pay"})
    result = client.get(back["Location"])

    assert "Đã thanh toán" in result.content.decode() or "Paid" in result.content.decode()
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert client.get(f"/pay/{order.public_id}/status").json() == {"status": "paid", "paid": True}


@pytest.mark.django_db
def test_given_the_payer_cancels_at_the_gateway_then_nothing_is_paid_and_retry_is_offered(
    client: Any, make_order: Any
) -> None:
    order = make_order()
    started = client.post(f"/pay/{order.public_id}/start", {"provider": "demo"})

    back = client.post(started["Location"], {"choice": "fail"})
    result = client.get(back["Location"])

    assert f"/pay/{order.public_id}/" in result.content.decode()  # try again
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert PaymentAttempt.objects.get().status == PaymentAttempt.Status.FAILED


@pytest.mark.django_db
def test_given_a_forged_callback_then_it_is_refused_logged_and_changes_nothing(
    client: Any, make_order: Any
) -> None:
    order = make_order()
    client.post(f"/pay/{order.public_id}/start", {"provider": "demo"})
    fields = demo_fields(PaymentAttempt.objects.get(), Outcome.SUCCEEDED)

    for _ in range(2):  # a refusal is never cached: the second try is checked again
        forged = client.post("/pay/callback/demo", {**fields, "amount": "1"})
        assert forged.status_code == 400

    genuine = client.post("/pay/callback/demo", fields)
    assert genuine.json() == {"ok": True, "settled": "confirmed"}
    assert AuditEvent.objects.filter(action="payments.callback", success=False).count() == 2
    assert LedgerEntry.objects.count() == 1


@pytest.mark.django_db
def test_given_bad_input_then_pages_answer_4xx(client: Any, make_order: Any) -> None:
    order = make_order()

    assert client.get("/pay/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.post(f"/pay/{order.public_id}/start", {"provider": "nope"}).status_code == 400
    assert client.post("/pay/callback/nope", {}).status_code == 404
    assert client.put("/pay/callback/demo").status_code == 405
    assert client.post("/pay/callback/demo", {"ref": "x"}).status_code == 400


@pytest.mark.django_db
def test_given_a_paid_order_then_starting_again_is_refused(client: Any, make_order: Any) -> None:
    order = make_order()
    started = client.post(f"/pay/{order.public_id}/start", {"provider": "demo"})
    client.post(started["Location"], {"choice": "pay"})

    again = client.post(f"/pay/{order.public_id}/start", {"provider": "demo"})

    assert again.status_code == 400
    assert PaymentAttempt.objects.count() == 1
