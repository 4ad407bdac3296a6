"""MoMo AIO v2 against the fake gateway (tests/fakes/momo_gateway.py) and the worked examples
(docs/payments-zalopay-momo.md §3)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from openprovince.core.models import AuditEvent
from openprovince.payments.models import LedgerEntry, Mismatch, Order, PaymentAttempt
from openprovince.payments.providers.momo import (
    CREATE_FIELDS,
    IPN_FIELDS,
    QUERY_FIELDS,
    momo_signature,
)
from openprovince.payments.services.reconciliation import QUERY_AFTER, payments_reconcile
from tests.fakes.process import FakeProcess

SECRET = "K951B6PE1waDMi640xX08PD3vg6EkVlz"  # MoMo's published sandbox keys (partner MOMO)
ACCESS = "F8BBA842ECF85"


@pytest.fixture(scope="module")
def _momo_process() -> Iterator[FakeProcess]:
    from django.conf import settings

    fake = FakeProcess("tests.fakes.momo_gateway", settings.MOMO_PARTNER_CODE,
                       settings.MOMO_ACCESS_KEY, settings.MOMO_SECRET_KEY)  # fmt: skip
    yield fake
    fake.stop()


@pytest.fixture
def momo(_momo_process: FakeProcess, settings: Any) -> FakeProcess:
    """The fake MoMo gateway, reset, with MoMo the only enabled provider."""
    _momo_process.call("/_fake/reset", {})
    settings.PAYMENTS_PROVIDERS = ["momo"]
    settings.MOMO_API_URL = _momo_process.url
    return _momo_process


def _start(client: Any, order: Order) -> tuple[Any, PaymentAttempt]:
    response = client.post(f"/pay/{order.public_id}/start", {"provider": "momo"})
    return response, PaymentAttempt.objects.filter(order=order).latest("id")


def _deliver(client: Any, body: Any) -> int:
    raw = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    response = client.post("/pay/callback/momo", raw, content_type="application/json")
    assert response.content == b""
    return int(response.status_code)


def _ipn(fake: FakeProcess, ref: str, **extra: Any) -> dict[str, Any]:
    ipn: dict[str, Any] = fake.call("/_fake/pay", {"orderId": ref, **extra})["callback"]
    return ipn


def test_the_signatures_match_the_worked_examples_with_momos_sandbox_keys() -> None:
    common = {"accessKey": ACCESS, "amount": 50000, "orderId": "HS000123-1",
              "extraData": "eyJkb3NzaWVyIjoiSFMtMDAwMTIzIn0=", "partnerCode": "MOMO",
              "orderInfo": "Le phi ho so HS-000123", "requestId": "HS000123-1-r1"}  # fmt: skip
    create = {
        **common,
        "ipnUrl": "https://api.example.gov.vn/payments/momo/ipn",
        "redirectUrl": "https://example.gov.vn/pay/return",
        "requestType": "captureWallet",
    }
    ipn = {**common, "message": "Successful.", "orderType": "momo_wallet", "payType": "qr",
           "responseTime": 1741939300000, "resultCode": 0, "transId": 4088878653}  # fmt: skip
    query = {"accessKey": ACCESS, "orderId": "HS000123-1", "partnerCode": "MOMO",
             "requestId": "HS000123-1-q1"}  # fmt: skip

    assert momo_signature(SECRET, create, CREATE_FIELDS) == (
        "65c6683f9262924b8f08e43c93af16d8b2be1dedfa4711c6c6ebb05a0391e739"
    )
    assert momo_signature(SECRET, ipn, IPN_FIELDS) == (
        "c7ef2c80516c8bab30078f73ac71157e0edd4a235047bcdb091153a60898cf36"
    )
    assert momo_signature(SECRET, query, QUERY_FIELDS) == (
        "bd682b6e8c485c5ca01b18109bd0ac50fc47a2d72238e907cc9c3e5a6c4ece10"
    )


@pytest.mark.django_db
def test_given_an_order_when_the_payer_starts_momo_then_they_go_to_the_pay_url(
    client: Any, momo: FakeProcess, make_order: Any
) -> None:
    order = make_order(150_000)

    response, attempt = _start(client, order)

    [call] = momo.call("/_fake/requests")
    assert call["answer"]["resultCode"] == 0  # the fake checked our signature
    assert response.status_code == 302 and response["Location"] == call["answer"]["payUrl"]
    body = call["body"]
    assert (body["orderId"], body["amount"], body["requestType"], body["extraData"]) == (
        attempt.provider_ref,
        150_000,
        "captureWallet",
        "",
    )
    assert body["ipnUrl"] == "http://testserver/pay/callback/momo"
    assert body["redirectUrl"] == f"http://testserver/pay/attempts/{attempt.public_id}/return"
    assert body["lang"] == "vi"


@pytest.mark.django_db
@pytest.mark.parametrize("amount", [999, 50_000_001])
def test_given_an_amount_momo_does_not_take_then_the_payer_is_told_before_any_request(
    client: Any, momo: FakeProcess, make_order: Any, amount: int
) -> None:
    response, _attempt = _start(client, make_order(amount))

    assert response.status_code == 400
    assert "50,000,000" in response.content.decode() or "50.000.000" in response.content.decode()
    assert momo.call("/_fake/requests") == []


@pytest.mark.django_db
def test_given_momo_refuses_the_order_then_the_payer_sees_a_503_and_the_attempt_failed(
    client: Any, momo: FakeProcess, make_order: Any, settings: Any
) -> None:
    settings.MOMO_SECRET_KEY = "not-the-secret"

    response, attempt = _start(client, make_order())

    assert response.status_code == 503
    assert momo.call("/_fake/requests")[0]["answer"]["resultCode"] == 13
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.FAILED


@pytest.mark.django_db
def test_given_a_valid_ipn_then_the_order_is_paid_and_momo_gets_204(
    client: Any, momo: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    _response, attempt = _start(client, order)
    ipn = _ipn(momo, attempt.provider_ref)

    assert _deliver(client, ipn) == 204

    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert attempt.provider_txn_id == str(ipn["transId"]) and attempt.result_code == "0"


@pytest.mark.django_db
@pytest.mark.parametrize("forge", ["signature", "amount", "resultCode"])
def test_given_a_forged_ipn_then_it_is_refused_logged_and_changes_nothing(
    client: Any, momo: FakeProcess, make_order: Any, forge: str
) -> None:
    order = make_order()
    _response, attempt = _start(client, order)
    ipn = _ipn(momo, attempt.provider_ref, outcome="failed")
    ipn[forge] = {"signature": "0" * 64, "amount": 1_000, "resultCode": 0}[forge]

    assert _deliver(client, ipn) == 400

    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.status == Order.Status.PENDING and attempt.status == "created"
    assert AuditEvent.objects.get(action="payments.callback").success is False


@pytest.mark.django_db
def test_given_an_ipn_with_another_amount_then_nothing_is_paid_and_a_mismatch_is_kept(
    client: Any, momo: FakeProcess, make_order: Any
) -> None:
    order = make_order(150_000)
    _response, attempt = _start(client, order)

    assert _deliver(client, _ipn(momo, attempt.provider_ref, amount=149_000)) == 204

    order.refresh_from_db()
    assert order.status == Order.Status.PENDING and not LedgerEntry.objects.exists()
    assert list(Mismatch.objects.values_list("kind", "amount")) == [("wrong_amount", 149_000)]


@pytest.mark.django_db
def test_given_an_ipn_for_an_unknown_order_then_it_is_kept_as_a_mismatch(
    client: Any, momo: FakeProcess
) -> None:
    assert _deliver(client, _ipn(momo, "OPNOSUCHORDER", amount=20_000)) == 204

    assert Mismatch.objects.get().kind == "unknown_order"
    assert AuditEvent.objects.get(action="payments.callback").success is False


@pytest.mark.django_db
def test_given_the_ipn_replayed_ten_times_then_one_payment_is_counted(
    client: Any, momo: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    _response, attempt = _start(client, order)
    ipn = _ipn(momo, attempt.provider_ref)

    assert {_deliver(client, ipn) for _ in range(10)} == {204}

    assert LedgerEntry.objects.count() == 1
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


@pytest.mark.django_db
def test_given_a_failure_ipn_that_arrives_after_the_success_then_the_order_stays_paid(
    client: Any, momo: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    _response, attempt = _start(client, order)
    declined = _ipn(momo, attempt.provider_ref, outcome="failed")  # the first try, declined
    paid = _ipn(momo, attempt.provider_ref)  # the second try, paid

    assert _deliver(client, paid) == 204
    assert _deliver(client, declined) == 204

    attempt.refresh_from_db()
    order.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.SUCCEEDED and order.status == "paid"


@pytest.mark.django_db
@pytest.mark.parametrize(("outcome", "status"), [("failed", "failed"), ("pending", "created")])
def test_given_a_failure_or_pending_ipn_then_the_attempt_says_so_and_nothing_is_paid(
    client: Any, momo: FakeProcess, make_order: Any, outcome: str, status: str
) -> None:
    order = make_order()
    _response, attempt = _start(client, order)

    assert _deliver(client, _ipn(momo, attempt.provider_ref, outcome=outcome)) == 204

    attempt.refresh_from_db()
    assert attempt.status == status and not LedgerEntry.objects.exists()


@pytest.mark.django_db
def test_given_the_ipn_never_arrives_then_reconciliation_asks_momo_and_settles(
    client: Any, momo: FakeProcess, make_order: Any
) -> None:
    paid_order, failed_order, open_order = make_order(), make_order(), make_order()
    attempts = [_start(client, order)[1] for order in (paid_order, failed_order, open_order)]
    _ipn(momo, attempts[0].provider_ref)  # paid, IPN lost
    _ipn(momo, attempts[1].provider_ref, outcome="failed")
    PaymentAttempt.objects.update(created_at=timezone.now() - QUERY_AFTER - timedelta(minutes=1))

    result = payments_reconcile()

    assert result.queried == 3 and result.errors == 0
    statuses = [PaymentAttempt.objects.get(pk=a.pk).status for a in attempts]
    assert statuses == ["succeeded", "failed", "created"]
    paid_order.refresh_from_db()
    assert paid_order.status == Order.Status.PAID and LedgerEntry.objects.count() == 1
    queries = [c for c in momo.call("/_fake/requests") if c["path"].endswith("query")]
    assert sorted(c["answer"]["resultCode"] for c in queries) == [0, 1000, 1006]


@pytest.mark.django_db
def test_given_momo_never_created_the_order_then_reconciliation_marks_the_attempt_failed(
    client: Any, momo: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    attempt = PaymentAttempt.objects.create(order=order, provider="momo", amount=order.amount,
                                            provider_ref=order.reference + "LOST")  # fmt: skip
    PaymentAttempt.objects.update(created_at=timezone.now() - QUERY_AFTER - timedelta(minutes=1))

    payments_reconcile()

    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.FAILED and attempt.result_code == "42"
