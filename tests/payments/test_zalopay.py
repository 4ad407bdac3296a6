"""ZaloPay v2 against the fake gateway (tests/fakes/zalopay_gateway.py) and the published
test vectors (docs/payments-zalopay-momo.md §1)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from openprovince.core.models import AuditEvent
from openprovince.payments.models import LedgerEntry, Mismatch, Order, PaymentAttempt
from openprovince.payments.providers.base import ProviderError
from openprovince.payments.providers.zalopay import (
    ZaloPayProvider,
    create_mac,
    query_mac,
    zalopay_mac,
)
from openprovince.payments.services.reconciliation import QUERY_AFTER, payments_reconcile
from tests.fakes.process import FakeProcess

# ZaloPay's own callback sample, signed with demo app 2553's key2 (research §1.2).
OFFICIAL_DATA = (
    '{"app_id":2553,"app_trans_id":"200904_2553_1598435687208","app_time":1599189392817,'
    '"app_user":"demo","amount":10000,"embed_data":"{\\"merchantinfo\\":\\"embeddata123\\",'
    '\\"promotioninfo\\":\\"\\"}","item":"[{\\"itemid\\":\\"knb\\",\\"itemname\\":\\"kim nguyen'
    ' bao\\",\\"itemprice\\":198400,\\"itemquantity\\":1}]","zp_trans_id":200904000000389,'
    '"server_time":1599189413498,"channel":38,"merchant_user_id":'
    '"7ZMSl3nEg5sOUJzOLSoUFT8xKNQVaLOLXHB--8Eytqc","user_fee_amount":0,"discount_amount":0}'
)
OFFICIAL_MAC = "d8d33baf449b31d7f9b94fa50d7c942c08cd4d83f28fa185557da21acb104f67"


@pytest.fixture(scope="module")
def _zalopay_process() -> Iterator[FakeProcess]:
    from django.conf import settings

    fake = FakeProcess("tests.fakes.zalopay_gateway", settings.ZALOPAY_APP_ID,
                       settings.ZALOPAY_KEY1, settings.ZALOPAY_KEY2)  # fmt: skip
    yield fake
    fake.stop()


@pytest.fixture
def zalopay(_zalopay_process: FakeProcess, settings: Any) -> FakeProcess:
    """The fake ZaloPay, reset, with ZaloPay the only enabled provider."""
    _zalopay_process.call("/_fake/reset", {})
    settings.PAYMENTS_PROVIDERS = ["zalopay"]
    settings.ZALOPAY_API_URL = _zalopay_process.url
    return _zalopay_process


def _start(client: Any, order: Order) -> tuple[Any, PaymentAttempt]:
    response = client.post(f"/pay/{order.public_id}/start", {"provider": "zalopay"})
    return response, PaymentAttempt.objects.filter(order=order).latest("id")


def _deliver(client: Any, body: Any) -> Any:
    raw = body if isinstance(body, str) else json.dumps(body)
    response = client.post("/pay/callback/zalopay", raw, content_type="application/json")
    assert response.status_code == 200
    return response.json()


def _paid_callback(fake: FakeProcess, ref: str, **extra: Any) -> dict[str, Any]:
    callback: dict[str, Any] = fake.call("/_fake/pay", {"app_trans_id": ref, **extra})["callback"]
    return callback


def test_the_create_mac_matches_zalopays_published_vector_for_demo_app_553() -> None:
    fields = {
        "app_id": 553,
        "app_trans_id": "200904_000234",
        "app_user": "user123",
        "amount": 10000,
        "app_time": 1599202366026,
        "embed_data": "{}",
        "item": "[]",
    }

    mac = create_mac("9phuAOYhan4urywHTh0ndEXiV3pKHr5Q", fields)

    assert mac == "7e95836a9feace32458f23416feea423172ef0a098f27a668a1e10788b5a6838"


def test_the_create_and_query_macs_match_the_worked_examples_for_app_2553() -> None:
    key1 = "PcY4iZIKFCIdgZvA6ueMcMHHUbRLYjPL"
    embed = '{"redirecturl":"https://example.gov.vn/pay/return","order_id":"HS-000123"}'
    fields = {
        "app_id": 2553,
        "app_trans_id": "250314_HS000123",
        "app_user": "citizen-42",
        "amount": 50000,
        "app_time": 1741939200000,
        "embed_data": embed,
        "item": "[]",
    }

    assert create_mac(key1, fields) == (
        "6f2153d4bf010685305450469375fd46146eae238f8a86def16a5e78dce5fe38"
    )
    assert query_mac(key1, "2553", "250314_HS000123") == (
        "0795960e0c4fe952f6b3cfffb7338a8f1646ba56f82588beb993394666249b6f"
    )
    assert zalopay_mac("kLtgPl8HHhfvMuDHPwKfgfsY4Ydm9eIz", OFFICIAL_DATA) == OFFICIAL_MAC


@pytest.mark.django_db
def test_given_zalopays_official_callback_sample_then_it_pays_the_order_it_names(
    client: Any, zalopay: FakeProcess, make_order: Any
) -> None:
    order = make_order(10_000)
    PaymentAttempt.objects.create(order=order, provider="zalopay", amount=10_000,
                                  provider_ref="200904_2553_1598435687208")  # fmt: skip

    reply = _deliver(client, {"data": OFFICIAL_DATA, "mac": OFFICIAL_MAC, "type": 1})

    assert reply == {"return_code": 1, "return_message": "success"}
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert order.paid_by is not None and order.paid_by.provider_txn_id == "200904000000389"


@pytest.mark.django_db
def test_given_an_order_when_the_payer_starts_zalopay_then_they_go_to_the_order_url(
    client: Any, zalopay: FakeProcess, make_order: Any
) -> None:
    order = make_order(150_000)

    response, attempt = _start(client, order)

    [call] = zalopay.call("/_fake/requests")
    assert call["answer"]["return_code"] == 1  # the fake checked our mac
    assert response.status_code == 302 and response["Location"] == call["answer"]["order_url"]
    fields = call["fields"]
    assert fields["app_trans_id"] == attempt.provider_ref and fields["amount"] == "150000"
    assert json.loads(fields["embed_data"]) == {
        "redirecturl": f"http://testserver/pay/attempts/{attempt.public_id}/return"
    }
    assert fields["callback_url"] == "http://testserver/pay/callback/zalopay"
    assert attempt.status == PaymentAttempt.Status.CREATED


def test_app_trans_id_begins_with_the_date_in_vietnam_not_utc(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 18:30 UTC on 14 March is already 15 March in Vietnam.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2025, 3, 14, 18, 30, tzinfo=UTC))

    ref = ZaloPayProvider().new_ref(Order(reference="OP0123456789"))

    assert ref.startswith("250315_OP0123456789") and len(ref) == 23


@pytest.mark.django_db
def test_given_zalopay_refuses_the_order_then_the_payer_sees_a_503_and_the_attempt_failed(
    client: Any, zalopay: FakeProcess, make_order: Any, settings: Any
) -> None:
    settings.ZALOPAY_KEY1 = "not-the-key"
    order = make_order()

    response, attempt = _start(client, order)

    assert response.status_code == 503 and "ZaloPay" in response.content.decode()
    assert zalopay.call("/_fake/requests")[0]["answer"]["sub_return_code"] == -402
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.FAILED


@pytest.mark.django_db
def test_given_a_valid_callback_then_the_order_is_paid(
    client: Any, zalopay: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    _response, attempt = _start(client, order)

    reply = _deliver(client, _paid_callback(zalopay, attempt.provider_ref))

    assert reply["return_code"] == 1
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert attempt.status == PaymentAttempt.Status.SUCCEEDED and attempt.provider_txn_id
    assert list(LedgerEntry.objects.values_list("amount", "provider")) == [(150_000, "zalopay")]


@pytest.mark.django_db
@pytest.mark.parametrize("forge", ["mac", "data"])
def test_given_a_forged_callback_then_it_is_refused_logged_and_changes_nothing(
    client: Any, zalopay: FakeProcess, make_order: Any, forge: str
) -> None:
    order = make_order()
    _response, attempt = _start(client, order)
    body = _paid_callback(zalopay, attempt.provider_ref)
    if forge == "mac":
        body["mac"] = zalopay_mac("guessed-key", body["data"])
    else:
        body["data"] = body["data"].replace('"amount":150000', '"amount":1000')

    reply = _deliver(client, body)

    assert reply["return_code"] == -1
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING and not LedgerEntry.objects.exists()
    assert AuditEvent.objects.get(action="payments.callback").success is False


@pytest.mark.django_db
def test_given_a_callback_with_another_amount_then_nothing_is_paid_and_a_mismatch_is_kept(
    client: Any, zalopay: FakeProcess, make_order: Any
) -> None:
    order = make_order(150_000)
    _response, attempt = _start(client, order)

    reply = _deliver(client, _paid_callback(zalopay, attempt.provider_ref, amount=15_000))

    assert reply["return_code"] == 0
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING and not LedgerEntry.objects.exists()
    assert list(Mismatch.objects.values_list("kind", "amount")) == [("wrong_amount", 15_000)]


@pytest.mark.django_db
def test_given_a_callback_for_an_unknown_order_then_it_is_refused_and_kept_as_a_mismatch(
    client: Any, zalopay: FakeProcess
) -> None:
    body = _paid_callback(zalopay, "250101_OPNOSUCHORDER1", amount=50_000)

    reply = _deliver(client, body)

    assert reply["return_code"] == 0
    mismatch = Mismatch.objects.get()
    assert (mismatch.kind, mismatch.provider_ref) == ("unknown_order", "250101_OPNOSUCHORDER1")
    assert AuditEvent.objects.get(action="payments.callback").success is False


@pytest.mark.django_db
def test_given_the_callback_replayed_ten_times_then_one_payment_is_counted(
    client: Any, zalopay: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    _response, attempt = _start(client, order)
    body = _paid_callback(zalopay, attempt.provider_ref)

    replies = [_deliver(client, body)["return_code"] for _ in range(10)]

    assert replies == [1] + [2] * 9  # 2: "already handled", final for ZaloPay
    assert LedgerEntry.objects.count() == 1
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


@pytest.mark.django_db
def test_given_a_malformed_callback_then_it_is_refused(client: Any, zalopay: FakeProcess) -> None:
    assert _deliver(client, "not json")["return_code"] == 0
    assert _deliver(client, {"data": {"a": 1}, "mac": "x"})["return_code"] == 0


@pytest.mark.django_db
def test_given_the_callback_never_arrives_then_reconciliation_asks_zalopay_and_settles(
    client: Any, zalopay: FakeProcess, make_order: Any
) -> None:
    paid_order, failed_order, open_order = make_order(), make_order(), make_order()
    attempts = [_start(client, order)[1] for order in (paid_order, failed_order, open_order)]
    _paid_callback(zalopay, attempts[0].provider_ref)  # paid, callback lost
    zalopay.call("/_fake/pay", {"app_trans_id": attempts[1].provider_ref, "outcome": "failed"})
    PaymentAttempt.objects.update(created_at=timezone.now() - QUERY_AFTER - timedelta(minutes=1))

    result = payments_reconcile()

    assert result.queried == 3 and result.errors == 0
    statuses = [PaymentAttempt.objects.get(pk=a.pk).status for a in attempts]
    assert statuses == ["succeeded", "failed", "created"]
    paid_order.refresh_from_db()
    assert paid_order.status == Order.Status.PAID and LedgerEntry.objects.count() == 1
    queries = [c for c in zalopay.call("/_fake/requests") if c["path"] == "/v2/query"]
    assert sorted(c["answer"]["return_code"] for c in queries) == [1, 2, 3]


@pytest.mark.django_db
def test_given_zalopay_refuses_the_query_then_the_attempt_is_left_as_it_was(
    client: Any, zalopay: FakeProcess, make_order: Any, settings: Any
) -> None:
    _response, attempt = _start(client, make_order())
    settings.ZALOPAY_KEY1 = "not-the-key"

    with pytest.raises(ProviderError, match="-402"):
        ZaloPayProvider().query(attempt)

    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.CREATED
