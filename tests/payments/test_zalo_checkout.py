"""The Zalo Mini App Checkout SDK against the fake checkout server
(tests/fakes/zalo_checkout_server.py) and the worked examples (docs/payments-zalopay-momo.md §2)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from openprovince.core.models import AuditEvent
from openprovince.payments.models import LedgerEntry, Mismatch, Order, PaymentAttempt
from openprovince.payments.providers.base import Outcome, ProviderError
from openprovince.payments.providers.zalo_checkout import (
    ZaloCheckoutProvider,
    callback_mac,
    create_order_mac,
    overall_mac,
    status_mac,
)
from openprovince.payments.services.reconciliation import QUERY_AFTER, payments_reconcile
from openprovince.payments.services.settlement import payment_settle
from tests.fakes.process import FakeProcess

KEY = "test-private-key-not-real"  # the research notes' worked examples


@pytest.fixture(scope="module")
def _checkout_process() -> Iterator[FakeProcess]:
    from django.conf import settings

    fake = FakeProcess("tests.fakes.zalo_checkout_server", settings.ZALO_CHECKOUT_APP_ID,
                       settings.ZALO_CHECKOUT_PRIVATE_KEY)  # fmt: skip
    yield fake
    fake.stop()


@pytest.fixture
def zalo(_checkout_process: FakeProcess, settings: Any) -> FakeProcess:
    """The fake Checkout SDK server, reset, with Zalo checkout the only enabled provider."""
    _checkout_process.call("/_fake/reset", {})
    settings.PAYMENTS_PROVIDERS = ["zalo_checkout"]
    settings.ZALO_CHECKOUT_API_URL = _checkout_process.url
    return _checkout_process


def _start(client: Any, order: Order) -> tuple[Any, PaymentAttempt]:
    response = client.post(f"/pay/{order.public_id}/start", {"provider": "zalo_checkout"})
    return response, PaymentAttempt.objects.filter(order=order).latest("id")


def _create_order(fake: FakeProcess, attempt: PaymentAttempt) -> str:
    """What the mini app does with the attempt's parameters: Payment.createOrder → orderId."""
    params = dict(ZaloCheckoutProvider().sdk_params(attempt))
    params["item"] = json.loads(params["item"])  # the SDK takes an array
    answer = fake.call("/_fake/orders", params)
    assert answer["error"] == 0, answer
    return str(answer["data"]["orderId"])


def _deliver(client: Any, body: Any) -> dict[str, Any]:
    raw = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    response = client.post("/pay/callback/zalo_checkout", raw, content_type="application/json")
    assert response.status_code == 200
    reply: dict[str, Any] = response.json()
    return reply


def _callback(fake: FakeProcess, **fields: Any) -> dict[str, Any]:
    callback: dict[str, Any] = fake.call("/_fake/pay", fields)["callback"]
    return callback


def test_the_macs_match_the_worked_examples() -> None:
    params = {"amount": 50000, "desc": "Thanh toán hồ sơ HS-000123",
              "extradata": '{"myOrderId":"HS-000123"}',
              "item": [{"id": "LEPHI-01", "amount": 50000}],
              "method": '{"id":"ZALOPAY_SANDBOX","isCustom":false}'}  # fmt: skip
    data = {"appId": "1234567890", "amount": 50000, "description": "Thanh toán hồ sơ HS-000123",
            "orderId": "987654321", "message": "Giao dịch thành công", "resultCode": 1,
            "transId": "250314000000389", "transTime": 1741939300000,
            "merchantTransId": "250314_HS000123", "method": "ZALOPAY_SANDBOX",
            "extradata": "%7B%22myOrderId%22%3A%22HS-000123%22%7D"}  # fmt: skip

    assert create_order_mac(KEY, params) == (
        "5d466a852965860ebd484293341a7cc868c32990855fec9560c4cf53e00f739e"
    )
    assert callback_mac(KEY, data) == (
        "dc3727db56b36f3186c49b84f71166a890befe4a63cdabd1d0fe56379922ccd4"
    )
    assert overall_mac(KEY, data) == (
        "eaa5281ca3adc66edff6ee396b47902aa1882a9e597d5017fd313254fe0885a5"
    )
    assert status_mac(KEY, "1234567890", "987654321") == (
        "554f83df1c0d5161d80ff28691566a63a043e9ca88914263a5476342d09c2069"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["", "ZALOPAY_SANDBOX"])
def test_given_an_order_when_the_payer_starts_zalo_then_the_page_carries_signed_sdk_params(
    client: Any, zalo: FakeProcess, make_order: Any, settings: Any, method: str
) -> None:
    settings.ZALO_CHECKOUT_METHOD = method
    order = make_order(150_000)

    response, attempt = _start(client, order)

    assert response.status_code == 302
    assert response["Location"] == f"/pay/attempts/{attempt.public_id}/"
    assert client.get(response["Location"]).status_code == 200
    html = render_to_string(
        "payments/_zalo_checkout.html", ZaloCheckoutProvider().attempt_context(attempt)
    )
    assert "mini app Zalo" in html
    assert f'data-report="/pay/attempts/{attempt.public_id}/provider-order"' in html
    found = re.search(r'<script id="zalo-checkout" type="application/json">(.*?)</script>', html)
    assert found is not None
    params = json.loads(found.group(1))
    assert params["amount"] == 150_000
    assert json.loads(params["extradata"])["ref"] == attempt.provider_ref
    assert ("method" in params) is bool(method)
    params["item"] = json.loads(params["item"])
    assert zalo.call("/_fake/orders", params)["error"] == 0  # the platform accepts our mac


@pytest.mark.django_db
def test_given_a_forged_mac_for_create_order_then_zalo_refuses_it(
    zalo: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    attempt = PaymentAttempt.objects.create(order=order, provider="zalo_checkout",
                                            provider_ref="R1", amount=order.amount)  # fmt: skip
    params = {**ZaloCheckoutProvider().sdk_params(attempt), "amount": 1_000}

    assert zalo.call("/_fake/orders", params)["error"] == -2101


@pytest.mark.django_db
def test_given_a_valid_callback_then_the_order_is_paid(
    client: Any, zalo: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    _response, attempt = _start(client, order)
    body = _callback(zalo, orderId=_create_order(zalo, attempt))

    assert _deliver(client, body) == {"returnCode": 1, "returnMessage": "success"}

    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert attempt.provider_txn_id == body["data"]["transId"]


@pytest.mark.django_db
@pytest.mark.parametrize("forge", ["overallMac", "amount", "extradata"])
def test_given_a_forged_callback_then_it_is_refused_logged_and_changes_nothing(
    client: Any, zalo: FakeProcess, make_order: Any, forge: str
) -> None:
    order = make_order()
    _response, attempt = _start(client, order)
    body = _callback(zalo, orderId=_create_order(zalo, attempt))
    if forge == "overallMac":
        body["overallMac"] = overall_mac("guessed-key", body["data"])
    else:
        body["data"][forge] = {"amount": 1_000, "extradata": '{"ref":"OTHER"}'}[forge]

    assert _deliver(client, body)["returnCode"] == 0

    order.refresh_from_db()
    assert order.status == Order.Status.PENDING and not LedgerEntry.objects.exists()
    assert AuditEvent.objects.get(action="payments.callback").success is False


@pytest.mark.django_db
def test_given_only_the_fixed_order_mac_differs_then_overall_mac_decides_and_it_is_logged(
    client: Any, zalo: FakeProcess, make_order: Any, caplog: pytest.LogCaptureFixture
) -> None:
    order = make_order()
    _response, attempt = _start(client, order)
    body = {**_callback(zalo, orderId=_create_order(zalo, attempt)), "mac": "0" * 64}

    with caplog.at_level(logging.WARNING):
        assert _deliver(client, body)["returnCode"] == 1

    assert "mac differs" in caplog.text
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


@pytest.mark.django_db
def test_given_a_callback_with_another_amount_then_nothing_is_paid_and_a_mismatch_is_kept(
    client: Any, zalo: FakeProcess, make_order: Any
) -> None:
    order = make_order(150_000)
    _response, attempt = _start(client, order)
    body = _callback(zalo, orderId=_create_order(zalo, attempt), amount=100_000)

    assert _deliver(client, body)["returnCode"] == 0

    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING
    assert list(Mismatch.objects.values_list("kind", "amount")) == [("wrong_amount", 100_000)]


@pytest.mark.django_db
def test_given_a_callback_for_an_unknown_order_then_it_is_refused_and_kept_as_a_mismatch(
    client: Any, zalo: FakeProcess
) -> None:
    body = _callback(zalo, extradata='{"ref":"OPNOSUCHORDER1"}', amount=30_000)

    assert _deliver(client, body)["returnCode"] == 0

    mismatch = Mismatch.objects.get()
    assert (mismatch.kind, mismatch.provider_ref) == ("unknown_order", "OPNOSUCHORDER1")


@pytest.mark.django_db
def test_given_the_callback_replayed_ten_times_then_one_payment_is_counted(
    client: Any, zalo: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    _response, attempt = _start(client, order)
    body = _callback(zalo, orderId=_create_order(zalo, attempt))

    assert {_deliver(client, body)["returnCode"] for _ in range(10)} == {1}

    assert LedgerEntry.objects.count() == 1
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


@pytest.mark.django_db
def test_given_a_failure_callback_after_the_success_then_the_order_stays_paid(
    client: Any, zalo: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    _response, attempt = _start(client, order)
    first = _create_order(zalo, attempt)  # the payer tried once and failed…
    failed = _callback(zalo, orderId=first, outcome="failed")
    paid = _callback(zalo, orderId=_create_order(zalo, attempt))  # …then paid

    assert _deliver(client, paid)["returnCode"] == 1
    assert _deliver(client, failed)["returnCode"] == 1  # handled: an older event, ignored

    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.SUCCEEDED
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


@pytest.mark.django_db
def test_given_a_failure_callback_then_the_attempt_failed_and_the_order_can_be_paid_again(
    client: Any, zalo: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    _response, attempt = _start(client, order)
    body = _callback(zalo, orderId=_create_order(zalo, attempt), outcome="failed")

    assert _deliver(client, body)["returnCode"] == 1

    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.FAILED and attempt.result_code == "-1"
    assert Order.objects.get(pk=order.pk).status == Order.Status.PENDING


@pytest.mark.django_db
def test_given_zalos_order_id_is_known_then_get_status_settles_the_attempt(
    client: Any, zalo: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    _response, attempt = _start(client, order)
    zalo_order_id = _create_order(zalo, attempt)
    provider = ZaloCheckoutProvider()

    assert provider.order_status(attempt, zalo_order_id).outcome is Outcome.PENDING
    _callback(zalo, orderId=zalo_order_id)  # paid; the callback is lost
    attempt.provider_order_id = zalo_order_id
    notice = provider.query(attempt)
    payment_settle(notice=notice, source="query")

    assert notice.outcome is Outcome.SUCCEEDED and notice.amount == order.amount
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


@pytest.mark.django_db
def test_given_an_order_id_of_another_attempt_then_get_status_is_not_believed(
    client: Any, zalo: FakeProcess, make_order: Any, settings: Any
) -> None:
    _response, mine = _start(client, make_order())
    _response, theirs = _start(client, make_order())
    their_order_id = _create_order(zalo, theirs)
    _callback(zalo, orderId=their_order_id)

    with pytest.raises(ProviderError, match="another attempt"):
        ZaloCheckoutProvider().order_status(mine, their_order_id)
    settings.ZALO_CHECKOUT_PRIVATE_KEY = "not-the-key"
    with pytest.raises(ProviderError, match="-2101"):
        ZaloCheckoutProvider().order_status(theirs, their_order_id)


@pytest.mark.django_db
def test_given_the_callback_never_arrives_then_reconciliation_asks_zalo_with_the_reported_id(
    client: Any, zalo: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    _response, attempt = _start(client, order)
    zalo_order_id = _create_order(zalo, attempt)
    _callback(zalo, orderId=zalo_order_id)  # Zalo took the money; its callback is lost
    PaymentAttempt.objects.update(created_at=timezone.now() - QUERY_AFTER - timedelta(minutes=1))

    assert payments_reconcile().queried == 0  # no orderId reported yet: nothing to ask with
    page = client.get(f"/pay/attempts/{attempt.public_id}/").content.decode()
    report_url = f"/pay/attempts/{attempt.public_id}/provider-order"
    assert f'data-report="{report_url}"' in page
    # What the mini app does after Payment.createOrder resolves:
    reported = client.post(report_url, {"orderId": zalo_order_id}, content_type="application/json")
    assert reported.status_code == 200 and reported.json() == {"stored": True}

    result = payments_reconcile()

    assert result.queried == 1 and result.settled == {"confirmed": 1}
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID
    assert LedgerEntry.objects.filter(order=order).count() == 1


@pytest.mark.django_db
def test_given_a_reported_order_id_of_another_attempt_then_nothing_is_paid(
    client: Any, zalo: FakeProcess, make_order: Any
) -> None:
    _response, mine = _start(client, make_order())
    _response, theirs = _start(client, make_order())
    their_order_id = _create_order(zalo, theirs)
    _callback(zalo, orderId=their_order_id)
    client.post(f"/pay/attempts/{mine.public_id}/provider-order", {"orderId": their_order_id})
    PaymentAttempt.objects.update(created_at=timezone.now() - QUERY_AFTER - timedelta(minutes=1))

    result = payments_reconcile()

    assert result.errors >= 1
    assert PaymentAttempt.objects.get(pk=mine.pk).status == PaymentAttempt.Status.CREATED
    assert Order.objects.get(pk=mine.order_id).status == Order.Status.PENDING


@pytest.mark.django_db
def test_given_a_bad_order_id_report_then_a_clear_refusal(
    client: Any, zalo: FakeProcess, make_order: Any
) -> None:
    _response, attempt = _start(client, make_order())
    url = f"/pay/attempts/{attempt.public_id}/provider-order"
    bad = client.post(url, {"orderId": "1; DROP TABLE"})
    assert bad.status_code == 400 and bad.json()["code"] == "payments.order_id_invalid"
    assert client.post(url, {"orderId": "123"}).json() == {"stored": True}
    assert client.post(url, {"orderId": "123"}).json() == {"stored": False}
    other = client.post(url, {"orderId": "456"})
    assert other.status_code == 409 and other.json()["code"] == "payments.order_id_known"
    assert client.post("/pay/attempts/00000000-0000-0000-0000-000000000000/provider-order",
                       {"orderId": "1"}).status_code == 404  # fmt: skip
    assert client.get(url).status_code == 405
