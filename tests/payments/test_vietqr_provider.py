"""VietQR through the pages, and its bank-statement webhook (SePay's contract: a JSON POST
with `Authorization: Apikey <key>`, answered 200 `{"success": true}`)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from openprovince.agencies.models import Agency
from openprovince.payments.models import LedgerEntry, Mismatch, Order, PayeeAccount, PaymentAttempt
from openprovince.payments.providers.base import StartContext
from openprovince.payments.providers.vietqr import VietQRProvider
from openprovince.payments.services.attempts import attempt_start
from openprovince.payments.vietqr import vietqr_parse

KEY = "bank-webhook-key-for-tests"
CTX = StartContext(base_url="http://testserver", client_ip="127.0.0.1")


@pytest.fixture
def vietqr(settings: Any) -> Any:
    settings.PAYMENTS_PROVIDERS = ["vietqr", "demo"]
    settings.VIETQR_WEBHOOK_KEY = KEY
    return settings


@pytest.fixture
def account(payee: Agency) -> PayeeAccount:
    return PayeeAccount.objects.create(
        agency=payee, bank_bin="970415", account_number="0011001932418",
        account_name="TRUONG A", is_default=True,
    )  # fmt: skip


def _start(order: Order) -> PaymentAttempt:
    attempt, _checkout = attempt_start(order=order, provider=VietQRProvider(), ctx=CTX)
    return attempt


def _line(**fields: Any) -> dict[str, Any]:
    """One statement line as SePay posts it (sepayvn/laravel-sepay SePayWebhookData)."""
    line: dict[str, Any] = {
        "id": 92704, "gateway": "VietinBank", "transactionDate": "2025-03-25 14:02:37",
        "accountNumber": "0011001932418", "code": None, "content": "", "transferType": "in",
        "transferAmount": 150_000, "accumulated": 19_077_000, "subAccount": None,
        "referenceCode": "MBVCB.3278907687", "description": "",
    }  # fmt: skip
    return {**line, **fields}


def _post(client: Any, line: dict[str, Any], key: str | None = KEY) -> Any:
    headers = {} if key is None else {"Authorization": f"Apikey {key}"}
    return client.post(
        "/pay/callback/vietqr", json.dumps(line), content_type="application/json", headers=headers
    )


@pytest.mark.django_db
def test_given_a_payee_account_when_a_guest_chooses_vietqr_then_the_page_shows_the_qr(
    client: Any, vietqr: Any, account: PayeeAccount, make_order: Any
) -> None:
    order = make_order(120_000)
    assert "VietQR" in client.get(f"/pay/{order.public_id}/").content.decode()

    started = client.post(f"/pay/{order.public_id}/start", {"provider": "vietqr"})

    attempt = PaymentAttempt.objects.get()
    assert started.status_code == 302
    assert started["Location"] == f"/pay/attempts/{attempt.public_id}/"
    assert attempt.provider == "vietqr" and attempt.provider_ref == order.reference
    page = client.get(started["Location"]).content.decode()
    assert '<svg role="img" aria-label=' in page and "<title>" in page and "<?xml" not in page
    assert f"{order.reference} HOC PHI" in page  # the transfer text to type if not scanned
    assert "0011001932418" in page and "TRUONG A" in page and "VietinBank" in page


@pytest.mark.django_db
def test_given_an_attempt_then_the_checkout_payload_carries_bank_account_amount_and_reference(
    vietqr: Any, account: PayeeAccount, make_order: Any
) -> None:
    order = make_order(100_000, 20_000)
    attempt = _start(order)

    parsed = vietqr_parse(VietQRProvider().checkout(attempt, CTX).qr_payload)

    assert (parsed["bank_bin"], parsed["account"], parsed["amount"]) == (
        "970415", "0011001932418", 120_000,
    )  # fmt: skip
    assert parsed["purpose"] == f"{order.reference} HOC PHI" and parsed["dynamic"] is True
    assert len(parsed["purpose"]) <= 25


@pytest.mark.django_db
def test_given_the_right_key_when_the_bank_reports_the_transfer_then_the_order_is_paid_once(
    client: Any, vietqr: Any, account: PayeeAccount, make_order: Any
) -> None:
    order = make_order(150_000)
    attempt = _start(order)
    # Banks upper-case, add their own words and may run the reference into them.
    line = _line(content=f"MBVCB.3278907687.{order.reference}HOC PHI.CT tu 0291000285902")

    replies = [_post(client, line) for _ in range(10)]

    assert [r.status_code for r in replies] == [200] * 10
    assert all(r.json() == {"success": True} for r in replies)
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.status == Order.Status.PAID and order.paid_by_id == attempt.pk
    assert attempt.provider_txn_id == "MBVCB.3278907687"
    assert list(LedgerEntry.objects.values_list("amount", "provider_txn_id")) == [
        (150_000, "MBVCB.3278907687")
    ]
    assert not Mismatch.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("key", [None, "wrong", f"{KEY}x", ""])
def test_given_a_wrong_or_missing_key_then_401_and_nothing_changes(
    client: Any, vietqr: Any, account: PayeeAccount, make_order: Any, key: str | None
) -> None:
    order = make_order(150_000)
    _start(order)

    reply = _post(client, _line(content=order.reference), key=key)

    assert reply.status_code == 401 and reply.json()["success"] is False
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert not LedgerEntry.objects.exists() and not Mismatch.objects.exists()


@pytest.mark.django_db
def test_given_no_key_configured_then_every_webhook_call_is_refused(
    client: Any, vietqr: Any, account: PayeeAccount, make_order: Any
) -> None:
    vietqr.VIETQR_WEBHOOK_KEY = ""
    order = make_order(150_000)
    _start(order)

    for key in ("", " ", "None"):
        assert _post(client, _line(content=order.reference), key=key).status_code == 401
    assert client.post(
        "/pay/callback/vietqr", json.dumps(_line(content=order.reference)),
        content_type="application/json", HTTP_AUTHORIZATION="Apikey",
    ).status_code == 401  # fmt: skip
    assert not LedgerEntry.objects.exists()


@pytest.mark.django_db
def test_given_a_wrong_amount_then_the_order_is_not_paid_and_a_mismatch_is_kept(
    client: Any, vietqr: Any, account: PayeeAccount, make_order: Any
) -> None:
    order = make_order(150_000)
    _start(order)

    for _ in range(3):
        reply = _post(client, _line(content=order.reference, transferAmount=15_000))
        assert reply.status_code == 200 and reply.json() == {"success": True}

    order.refresh_from_db()
    assert order.status == Order.Status.PENDING and not LedgerEntry.objects.exists()
    mismatch = Mismatch.objects.get()
    assert mismatch.kind == Mismatch.Kind.WRONG_AMOUNT and mismatch.order_id == order.pk
    assert mismatch.amount == 15_000


@pytest.mark.django_db
def test_given_an_unknown_reference_then_a_mismatch_names_it(
    client: Any, vietqr: Any, account: PayeeAccount, make_order: Any
) -> None:
    _start(make_order(150_000))

    reply = _post(client, _line(content="OP0000000000 hoc phi", referenceCode="FT1"))
    no_ref = _post(client, _line(content="tra tien an trua", referenceCode="FT2"))

    assert reply.status_code == 200 and no_ref.status_code == 200
    found = dict(
        Mismatch.objects.filter(kind=Mismatch.Kind.UNKNOWN_ORDER).values_list(
            "provider_txn_id", "provider_ref"
        )
    )
    assert found == {"FT1": "OP0000000000", "FT2": "tra tien an trua"}
    assert not LedgerEntry.objects.exists()


@pytest.mark.django_db
def test_given_an_order_paid_by_another_provider_then_a_vietqr_transfer_is_unknown(
    client: Any, vietqr: Any, account: PayeeAccount, make_order: Any
) -> None:
    order = make_order(150_000)  # no VietQR attempt: the payer typed the reference by hand

    _post(client, _line(content=order.reference))

    assert Mismatch.objects.get().provider_ref == order.reference
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING


@pytest.mark.django_db
def test_given_money_going_out_then_it_is_acknowledged_and_ignored(
    client: Any, vietqr: Any, account: PayeeAccount, make_order: Any
) -> None:
    order = make_order(150_000)
    _start(order)

    reply = _post(client, _line(content=order.reference, transferType="out"))

    assert reply.status_code == 200 and reply.json()["success"] is True
    assert not LedgerEntry.objects.exists() and not Mismatch.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[1, 2]",
        json.dumps(_line(transferType="sideways")),
        json.dumps(_line(transferAmount="150000")),
        json.dumps(_line(transferAmount=0)),
        json.dumps(_line(referenceCode=None, id=None)),
        json.dumps(_line(referenceCode="x" * 65)),
    ],
)
def test_given_a_malformed_line_then_400_and_nothing_changes(
    client: Any, vietqr: Any, body: str
) -> None:
    reply = client.post(
        "/pay/callback/vietqr", body, content_type="application/json",
        headers={"Authorization": f"Apikey {KEY}"},
    )  # fmt: skip

    assert reply.status_code == 400 and reply.json()["success"] is False
    assert not LedgerEntry.objects.exists() and not Mismatch.objects.exists()


@pytest.mark.django_db
def test_given_no_reference_code_then_the_sepay_id_is_the_transaction(
    client: Any, vietqr: Any, account: PayeeAccount, make_order: Any
) -> None:
    order = make_order(150_000)
    _start(order)

    _post(client, _line(content=order.reference, referenceCode=None, id=555))

    assert LedgerEntry.objects.get().provider_txn_id == "555"


@pytest.mark.django_db
def test_given_the_payer_starts_vietqr_twice_then_both_attempts_exist_and_one_is_paid(
    client: Any, vietqr: Any, account: PayeeAccount, make_order: Any
) -> None:
    order = make_order(150_000)
    first, second = _start(order), _start(order)

    _post(client, _line(content=order.reference))
    _post(client, _line(content=order.reference))  # replay

    assert first.provider_ref == order.reference
    assert (
        second.provider_ref.startswith(order.reference) and second.provider_ref != order.reference
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == PaymentAttempt.Status.SUCCEEDED
    assert second.status == PaymentAttempt.Status.CREATED
    assert LedgerEntry.objects.count() == 1


@pytest.mark.django_db
def test_given_a_paid_order_when_a_second_transfer_arrives_then_it_counts_and_is_flagged(
    client: Any, vietqr: Any, account: PayeeAccount, make_order: Any
) -> None:
    order = make_order(150_000)
    _start(order)
    _post(client, _line(content=order.reference, referenceCode="FT1"))

    _post(client, _line(content=order.reference, referenceCode="FT2"))

    assert LedgerEntry.objects.count() == 2  # the money did arrive twice: refund it
    assert Mismatch.objects.get().kind == Mismatch.Kind.PAID_TWICE


@pytest.mark.django_db
def test_given_a_payee_without_account_when_vietqr_is_chosen_then_a_clear_503_page(
    client: Any, vietqr: Any, make_order: Any
) -> None:
    order = make_order(150_000)

    reply = client.post(f"/pay/{order.public_id}/start", {"provider": "vietqr"})

    assert reply.status_code == 503
    page = reply.content.decode()
    assert 'role="alert"' in page and "VietQR" in page and order.reference in page
    assert PaymentAttempt.objects.get().status == PaymentAttempt.Status.FAILED


@pytest.mark.django_db
def test_given_the_account_removed_after_the_start_then_the_attempt_page_still_answers(
    client: Any, vietqr: Any, account: PayeeAccount, make_order: Any
) -> None:
    order = make_order(150_000)
    attempt = _start(order)
    account.delete()

    page = client.get(f"/pay/attempts/{attempt.public_id}/")

    assert page.status_code == 200 and '<svg role="img"' not in page.content.decode()
