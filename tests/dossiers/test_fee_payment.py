"""A dossier's fee paid online through the payments core."""

from __future__ import annotations

from typing import Any

import pytest

from openprovince.cases.models import Case
from openprovince.cases.services.transitions import case_transition
from openprovince.dossiers.models import Dossier
from openprovince.dossiers.services.handling import dossier_fee_paid, dossier_fee_request
from openprovince.payments.models import Mismatch, Order

pytestmark = pytest.mark.django_db


def _asked(send: Any, handler: Any, amount: int = 8000) -> Dossier:
    dossier = send()
    for step in ("receive", "start_review"):
        case_transition(case_id=dossier.case_id, action=step, actor=handler)
    return dossier_fee_request(dossier=dossier, amount=amount, by=handler)


def _pay(client: Any, dossier: Dossier) -> Order:
    to_pay = client.post(f"/dossiers/{dossier.case.public_id}/pay")
    order = Order.objects.get(public_id=to_pay["Location"].split("/")[2])
    started = client.post(f"/pay/{order.public_id}/start", {"provider": "demo"})
    client.post(started["Location"], {"choice": "pay"})
    return order


def test_given_a_fee_asked_when_the_applicant_pays_online_then_the_dossier_moves_on(
    client: Any, send: Any, handler: Any, citizen: Any
) -> None:
    dossier = _asked(send, handler)
    client.force_login(citizen)
    page = client.get(f"/dossiers/{dossier.case.public_id}/").content.decode()
    assert "8.000" in page and f"/dossiers/{dossier.case.public_id}/pay" in page

    order = _pay(client, dossier)

    dossier.refresh_from_db()
    order.refresh_from_db()
    assert order.status == "paid" and order.amount == 8000 and order.payee == dossier.case.agency
    assert dossier.fee_paid_at is not None and dossier.fee_reference == order.reference
    assert Case.objects.get(pk=dossier.case_id).state == "in_approval"
    assert (
        f"/dossiers/{dossier.case.public_id}/pay"
        not in client.get(f"/dossiers/{dossier.case.public_id}/").content.decode()
    )


def test_given_the_pay_button_pressed_twice_then_one_order_waits(
    client: Any, send: Any, handler: Any, citizen: Any
) -> None:
    dossier = _asked(send, handler)
    client.force_login(citizen)

    first = client.post(f"/dossiers/{dossier.case.public_id}/pay")
    second = client.post(f"/dossiers/{dossier.case.public_id}/pay")

    assert first["Location"] == second["Location"] and Order.objects.count() == 1


def test_given_no_fee_asked_or_another_persons_dossier_then_no_order(
    client: Any, send: Any, handler: Any, citizen: Any, django_user_model: Any
) -> None:
    dossier = send()
    client.force_login(citizen)
    assert client.post(f"/dossiers/{dossier.case.public_id}/pay").status_code == 409
    stranger = django_user_model.objects.create_user("la", password="x" * 12)
    client.force_login(stranger)
    assert client.post(f"/dossiers/{dossier.case.public_id}/pay").status_code == 404
    assert not Order.objects.exists()


def test_given_the_fee_paid_at_the_counter_meanwhile_then_the_online_money_is_kept_for_refund(
    client: Any, send: Any, handler: Any, citizen: Any
) -> None:
    dossier = _asked(send, handler)
    client.force_login(citizen)
    to_pay = client.post(f"/dossiers/{dossier.case.public_id}/pay")
    dossier_fee_paid(dossier=dossier, by=handler, reference="BL-000123")  # at the counter
    order = Order.objects.get(public_id=to_pay["Location"].split("/")[2])
    started = client.post(f"/pay/{order.public_id}/start", {"provider": "demo"})

    client.post(started["Location"], {"choice": "pay"})

    order.refresh_from_db()
    dossier.refresh_from_db()
    assert order.status == "paid"  # the money is on the books…
    assert dossier.fee_reference == "BL-000123"  # …the counter's receipt stands…
    assert Mismatch.objects.get().kind == "paid_twice"  # …and an admin refunds it
