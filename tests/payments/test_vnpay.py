"""Paying with VNPay against the fake gateway (tests/fakes/vnpay_gateway.py), which checks
and signs the way VNPay does. The fake cannot reach the test client, so it hands tests the
IPN it would send and tests deliver it to `/pay/callback/vnpay` themselves."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils import timezone

from openprovince.core.models import AuditEvent
from openprovince.payments.models import LedgerEntry, Mismatch, Order, PaymentAttempt
from openprovince.payments.providers.base import Outcome, ProviderError
from openprovince.payments.providers.vnpay import VNPayProvider
from openprovince.payments.services.reconciliation import QUERY_AFTER, payments_reconcile
from tests.fakes.process import FakeProcess

CALLBACK = "/pay/callback/vnpay"


@pytest.fixture(scope="session")
def _vnpay_process() -> Iterator[FakeProcess]:
    from django.conf import settings

    fake = FakeProcess(
        "tests.fakes.vnpay_gateway", settings.VNPAY_TMN_CODE, settings.VNPAY_HASH_SECRET
    )
    yield fake
    fake.stop()


@pytest.fixture
def fake_vnpay(_vnpay_process: FakeProcess, settings: Any) -> FakeProcess:
    """The fake VNPay, reset, with the app pointed at it and VNPay offered."""
    _vnpay_process.call("/_fake/reset", {})
    settings.PAYMENTS_PROVIDERS = ["vnpay", "demo"]
    settings.VNPAY_PAY_URL = _vnpay_process.url + "/paymentv2/vpcpay.html"
    settings.VNPAY_API_URL = _vnpay_process.url + "/merchant_webapi/api/transaction"
    return _vnpay_process


def _start(client: Any, order: Order) -> tuple[PaymentAttempt, str]:
    """Choose VNPay on the checkout page; the attempt and where the payer is sent."""
    started = client.post(f"/pay/{order.public_id}/start", {"provider": "vnpay"})
    assert started.status_code == 302
    return PaymentAttempt.objects.get(order=order, provider="vnpay"), started["Location"]


def _visit(url: str) -> str:
    """The payer's browser opens the VNPay page."""
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode())


def _paid_at_vnpay(client: Any, fake: FakeProcess, order: Order, outcome: str = "success",
                   **extra: Any) -> tuple[PaymentAttempt, dict[str, Any]]:  # fmt: skip
    attempt, url = _start(client, order)
    _visit(url)
    return attempt, fake.call("/_fake/pay", {"txn_ref": attempt.provider_ref,
                                             "outcome": outcome, **extra})  # fmt: skip


def _ipn(client: Any, query: str) -> Any:
    reply = client.get(f"{CALLBACK}?{query}")
    assert reply.status_code == 200  # VNPay reads the RspCode, never the HTTP status
    assert "no-store" in reply["Cache-Control"]
    return reply.json()


@pytest.mark.django_db
def test_given_an_order_when_vnpay_is_chosen_then_the_payer_gets_a_url_vnpay_accepts(
    client: Any, fake_vnpay: FakeProcess, make_order: Any
) -> None:
    order = make_order(100_000, 20_000)

    attempt, url = _start(client, order)
    page = _visit(url)

    assert url.startswith(fake_vnpay.url + "/paymentv2/vpcpay.html?")
    assert "120000 VND" in page
    [seen] = fake_vnpay.call("/_fake/requests")
    assert seen["ok"] is True, seen
    params = seen["params"]
    assert params["vnp_Version"] == "2.1.0" and params["vnp_Command"] == "pay"
    assert params["vnp_TmnCode"] == "OPTEST01" and params["vnp_CurrCode"] == "VND"
    assert params["vnp_Amount"] == "12000000"
    assert params["vnp_TxnRef"] == attempt.provider_ref
    assert re.fullmatch(r"[A-Z0-9]+", attempt.provider_ref)
    assert params["vnp_ReturnUrl"] == f"http://testserver/pay/attempts/{attempt.public_id}/return"
    assert params["vnp_OrderInfo"].isascii() and order.reference in params["vnp_OrderInfo"]
    assert params["vnp_OrderType"] == "other" and params["vnp_Locale"] in ("vn", "en")
    assert params["vnp_IpAddr"] == "127.0.0.1"
    assert "vnp_SecureHashType" not in params
    created = timezone.localtime(attempt.created_at, timezone.get_fixed_timezone(7 * 60))
    assert params["vnp_CreateDate"] == created.strftime("%Y%m%d%H%M%S")
    assert params["vnp_CreateDate"] < params["vnp_ExpireDate"]


@pytest.mark.django_db
def test_given_a_pay_url_changed_on_the_way_then_vnpay_refuses_it(
    client: Any, fake_vnpay: FakeProcess, make_order: Any
) -> None:
    _attempt, url = _start(client, make_order(100_000))

    page = _visit(url.replace("vnp_Amount=10000000", "vnp_Amount=100"))

    assert "70" in page
    [seen] = fake_vnpay.call("/_fake/requests")
    assert (seen["ok"], seen["error"]) == (False, "70")


@pytest.mark.django_db
def test_given_vnpay_confirms_then_the_order_is_paid_and_vnpay_gets_00(
    client: Any, fake_vnpay: FakeProcess, make_order: Any
) -> None:
    order = make_order(150_000)
    attempt, paid = _paid_at_vnpay(client, fake_vnpay, order)

    assert _ipn(client, paid["query"]) == {"RspCode": "00", "Message": "Confirm Success"}

    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.status == Order.Status.PAID and order.paid_by_id == attempt.pk
    assert attempt.status == PaymentAttempt.Status.SUCCEEDED
    assert attempt.provider_txn_id == paid["params"]["vnp_TransactionNo"]
    assert attempt.result_code == "00"
    assert list(LedgerEntry.objects.values_list("amount", "provider")) == [(150_000, "vnpay")]


@pytest.mark.django_db
def test_given_a_forged_ipn_then_97_nothing_changes_and_it_is_audited(
    client: Any, fake_vnpay: FakeProcess, make_order: Any
) -> None:
    order = make_order(150_000)
    _attempt, paid = _paid_at_vnpay(client, fake_vnpay, order)
    forged_amount = paid["query"].replace("vnp_Amount=15000000", "vnp_Amount=100")
    forged_hash = re.sub(r"vnp_SecureHash=[0-9a-f]+", "vnp_SecureHash=" + "0" * 128, paid["query"])
    unsigned = paid["query"].split("&vnp_SecureHash=")[0]

    for query in (forged_amount, forged_hash, unsigned):
        assert _ipn(client, query) == {"RspCode": "97", "Message": "Invalid signature"}

    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert not LedgerEntry.objects.exists()
    assert AuditEvent.objects.filter(action="payments.callback", success=False).count() == 3


@pytest.mark.django_db
def test_given_an_ipn_signed_for_another_terminal_then_97(
    client: Any, fake_vnpay: FakeProcess, make_order: Any, settings: Any
) -> None:
    _attempt, paid = _paid_at_vnpay(client, fake_vnpay, make_order())
    settings.VNPAY_TMN_CODE = "OTHER001"

    assert _ipn(client, paid["query"])["RspCode"] == "97"


@pytest.mark.django_db
def test_given_an_ipn_with_another_amount_then_04_and_a_mismatch(
    client: Any, fake_vnpay: FakeProcess, make_order: Any
) -> None:
    order = make_order(150_000)
    _attempt, paid = _paid_at_vnpay(client, fake_vnpay, order, amount=15_000)

    assert _ipn(client, paid["query"]) == {"RspCode": "04", "Message": "Invalid amount"}

    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert list(Mismatch.objects.values_list("kind", "amount")) == [("wrong_amount", 15_000)]


@pytest.mark.django_db
def test_given_an_ipn_for_a_txnref_we_never_sent_then_01(
    client: Any, fake_vnpay: FakeProcess
) -> None:
    paid = fake_vnpay.call(
        "/_fake/pay", {"txn_ref": "OPNOSUCHREF0001", "outcome": "success", "amount": 5_000}
    )

    assert _ipn(client, paid["query"]) == {"RspCode": "01", "Message": "Order not found"}
    assert Mismatch.objects.get().kind == "unknown_order"


@pytest.mark.django_db
def test_given_an_ipn_with_an_amount_that_is_not_whole_dong_then_99(
    client: Any, fake_vnpay: FakeProcess, make_order: Any
) -> None:
    # Signed correctly (VNPay's key), but not an amount VNPay can send: malformed.
    from django.conf import settings

    from openprovince.payments.providers.vnpay_signing import vnpay_hash_data, vnpay_sign

    attempt, paid = _paid_at_vnpay(client, fake_vnpay, make_order())
    fields = {**paid["params"], "vnp_Amount": "15000050"}
    del fields["vnp_SecureHash"]
    query = (
        vnpay_hash_data(fields)
        + "&vnp_SecureHash="
        + vnpay_sign(fields, settings.VNPAY_HASH_SECRET)
    )

    assert _ipn(client, query)["RspCode"] == "99"
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.CREATED


@pytest.mark.django_db
def test_given_the_same_ipn_ten_times_then_one_payment_00_then_02(
    client: Any, fake_vnpay: FakeProcess, make_order: Any
) -> None:
    order = make_order(150_000)
    _attempt, paid = _paid_at_vnpay(client, fake_vnpay, order)

    codes = [_ipn(client, paid["query"])["RspCode"] for _ in range(10)]

    assert codes == ["00"] + ["02"] * 9
    assert LedgerEntry.objects.count() == 1
    assert Order.objects.filter(status=Order.Status.PAID).count() == 1


@pytest.mark.django_db
def test_given_the_payer_cancels_then_00_and_the_attempt_failed(
    client: Any, fake_vnpay: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    attempt, cancelled = _paid_at_vnpay(client, fake_vnpay, order, outcome="fail")
    assert cancelled["params"]["vnp_TransactionNo"] == "0"

    assert _ipn(client, cancelled["query"]) == {"RspCode": "00", "Message": "Confirm Success"}
    assert _ipn(client, cancelled["query"])["RspCode"] == "02"  # already recorded

    attempt.refresh_from_db()
    order.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.FAILED and attempt.result_code == "24"
    assert attempt.provider_txn_id == ""
    assert order.status == Order.Status.PENDING
    assert not LedgerEntry.objects.exists()


@pytest.mark.django_db
def test_given_a_failure_ipn_arriving_after_the_success_then_the_order_stays_paid(
    client: Any, fake_vnpay: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    attempt, failed = _paid_at_vnpay(client, fake_vnpay, order, outcome="fail")
    succeeded = fake_vnpay.call(
        "/_fake/pay", {"txn_ref": attempt.provider_ref, "outcome": "success"}
    )

    assert _ipn(client, succeeded["query"])["RspCode"] == "00"
    assert _ipn(client, failed["query"])["RspCode"] == "02"

    attempt.refresh_from_db()
    order.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.SUCCEEDED
    assert order.status == Order.Status.PAID
    assert LedgerEntry.objects.count() == 1


@pytest.mark.django_db
def test_given_an_ipn_that_may_have_taken_money_then_the_attempt_stays_open_for_querydr(
    client: Any, fake_vnpay: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    attempt, held = _paid_at_vnpay(
        client, fake_vnpay, order, response_code="07", transaction_status="07"
    )

    assert _ipn(client, held["query"])["RspCode"] == "02"  # nothing to retry for
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.CREATED

    later = timezone.now() + QUERY_AFTER + timedelta(seconds=1)
    assert payments_reconcile(now=later).settled == {"ignored": 1}  # still held at VNPay
    fake_vnpay.call("/_fake/pay", {"txn_ref": attempt.provider_ref, "outcome": "success"})
    assert payments_reconcile(now=later).settled == {"confirmed": 1}
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


@pytest.mark.django_db
def test_given_no_ipn_ever_comes_then_reconciliation_asks_querydr_and_settles(
    client: Any, fake_vnpay: FakeProcess, make_order: Any
) -> None:
    order = make_order(150_000)
    attempt, paid = _paid_at_vnpay(client, fake_vnpay, order)  # the IPN is lost

    # querydr names the attempt by the pay request's vnp_CreateDate, so the clock moves
    # forward rather than the attempt back.
    result = payments_reconcile(now=timezone.now() + QUERY_AFTER + timedelta(seconds=1))

    assert result.queried == 1 and result.settled == {"confirmed": 1}
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert attempt.provider_txn_id == paid["params"]["vnp_TransactionNo"]
    querydr = [r for r in fake_vnpay.call("/_fake/requests") if r["kind"] == "querydr"]
    assert [r["ok"] for r in querydr] == [True]
    assert querydr[0]["body"]["vnp_TransactionDate"] == paid_create_date(fake_vnpay)
    # The IPN arriving late now counts nothing twice.
    assert _ipn(client, paid["query"])["RspCode"] == "02"
    assert LedgerEntry.objects.count() == 1


def paid_create_date(fake: FakeProcess) -> str:
    pay = next(r for r in fake.call("/_fake/requests") if r["kind"] == "pay")
    return str(pay["params"]["vnp_CreateDate"])


@pytest.mark.django_db
def test_given_an_attempt_made_older_then_reconciliation_queries_it(
    client: Any, fake_vnpay: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    attempt, _url = _start(client, order)  # the payer never opened VNPay's page
    PaymentAttempt.objects.filter(pk=attempt.pk).update(
        created_at=timezone.now() - QUERY_AFTER - timedelta(minutes=1)
    )

    result = payments_reconcile()

    assert result.queried == 1 and result.settled == {"ignored": 1} and result.errors == 0
    [querydr] = [r for r in fake_vnpay.call("/_fake/requests") if r["kind"] == "querydr"]
    assert querydr["error"] == "91"  # not found at VNPay: still open, not failed
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.CREATED and attempt.queries == 1


@pytest.mark.django_db
def test_given_vnpay_reports_a_failed_payment_then_reconciliation_fails_the_attempt(
    client: Any, fake_vnpay: FakeProcess, make_order: Any
) -> None:
    attempt, _cancelled = _paid_at_vnpay(client, fake_vnpay, make_order(), outcome="fail")

    notice = VNPayProvider().query(attempt)

    assert notice.outcome is Outcome.FAILED and notice.code == "02"
    result = payments_reconcile(now=timezone.now() + QUERY_AFTER + timedelta(seconds=1))
    assert result.settled == {"failed": 1}
    attempt.refresh_from_db()
    assert attempt.status == PaymentAttempt.Status.FAILED


@pytest.mark.django_db
def test_given_a_payment_not_finished_at_vnpay_then_querydr_says_pending(
    client: Any, fake_vnpay: FakeProcess, make_order: Any
) -> None:
    attempt, url = _start(client, make_order())
    _visit(url)  # on VNPay's page, not paid yet

    notice = VNPayProvider().query(attempt)

    assert notice.outcome is Outcome.PENDING and notice.code == "01"


@pytest.mark.django_db
def test_given_a_querydr_answer_with_a_bad_checksum_then_provider_error_and_nothing_settled(
    client: Any, fake_vnpay: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    attempt, _paid = _paid_at_vnpay(client, fake_vnpay, order)
    fake_vnpay.call("/_fake/configure", {"bad_response_hash": True})

    with pytest.raises(ProviderError, match="checksum"):
        VNPayProvider().query(attempt)
    result = payments_reconcile(now=timezone.now() + QUERY_AFTER + timedelta(seconds=1))

    assert result.errors == 1 and result.settled == {}
    order.refresh_from_db()
    attempt.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert attempt.status == PaymentAttempt.Status.CREATED
    assert not LedgerEntry.objects.exists()


@pytest.mark.django_db
def test_given_vnpays_api_is_down_or_unreachable_then_provider_error(
    client: Any, fake_vnpay: FakeProcess, make_order: Any, settings: Any
) -> None:
    attempt, _paid = _paid_at_vnpay(client, fake_vnpay, make_order())
    fake_vnpay.call("/_fake/configure", {"down": True})

    with pytest.raises(ProviderError):
        VNPayProvider().query(attempt)
    settings.VNPAY_API_URL = "http://127.0.0.1:9/merchant_webapi/api/transaction"
    with pytest.raises(ProviderError):
        VNPayProvider().query(attempt)


@pytest.mark.django_db
def test_given_querydr_is_signed_with_another_secret_then_vnpay_answers_97(
    client: Any, fake_vnpay: FakeProcess, make_order: Any, settings: Any
) -> None:
    attempt, _paid = _paid_at_vnpay(client, fake_vnpay, make_order())
    settings.VNPAY_HASH_SECRET = "not-the-secret"

    with pytest.raises(ProviderError):  # the answer is signed with VNPay's key, not ours
        VNPayProvider().query(attempt)
    querydr = [r for r in fake_vnpay.call("/_fake/requests") if r["kind"] == "querydr"]
    assert querydr[-1]["error"] == "97"


@pytest.mark.django_db
def test_given_the_payer_comes_back_then_the_return_page_only_displays(
    client: Any, fake_vnpay: FakeProcess, make_order: Any
) -> None:
    order = make_order()
    attempt, paid = _paid_at_vnpay(client, fake_vnpay, order)
    back = urlsplit(paid["return_url"])
    assert back.path == f"/pay/attempts/{attempt.public_id}/return"
    assert dict(parse_qsl(back.query))["vnp_ResponseCode"] == "00"

    page = client.get(f"{back.path}?{back.query}")

    assert page.status_code == 200
    assert f"/pay/{order.public_id}/status" in page.content.decode()  # waits for the IPN
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert not LedgerEntry.objects.exists()


@pytest.mark.django_db
def test_given_vnpay_is_not_configured_then_the_payer_is_told_it_is_unavailable(
    client: Any, fake_vnpay: FakeProcess, make_order: Any, settings: Any
) -> None:
    settings.VNPAY_HASH_SECRET = ""
    order = make_order()

    started = client.post(f"/pay/{order.public_id}/start", {"provider": "vnpay"})

    assert started.status_code == 503
    assert PaymentAttempt.objects.get().status == PaymentAttempt.Status.FAILED
    assert client.get(f"{CALLBACK}?vnp_TxnRef=x&vnp_SecureHash=").json()["RspCode"] == "97"


@pytest.mark.django_db(transaction=True)
def test_given_the_fake_delivers_the_ipn_over_http_then_the_order_is_paid(
    client: Any, fake_vnpay: FakeProcess, make_order: Any, live_server: Any
) -> None:
    order = make_order()
    attempt, url = _start(client, order)
    _visit(url)
    fake_vnpay.call("/_fake/configure", {"ipn_url": live_server.url + CALLBACK})

    paid = fake_vnpay.call(
        "/_fake/pay", {"txn_ref": attempt.provider_ref, "outcome": "success", "deliver": True}
    )

    assert paid["ipn"]["status"] == 200 and '"RspCode": "00"' in paid["ipn"]["body"]
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


@pytest.mark.django_db
def test_given_a_first_ipn_then_it_settles_in_few_statements_and_keeps_its_times(
    client: Any, fake_vnpay: FakeProcess, make_order: Any, django_assert_max_num_queries: Any
) -> None:
    order = make_order(150_000)
    attempt, paid = _paid_at_vnpay(client, fake_vnpay, order)

    # The attempt with its order (locked), the attempt, the ledger, the order, the audit row
    # (this purpose has no paid hook), and the test's savepoint and its release: no savepoint
    # around the ledger entry, no second read of the order.
    with django_assert_max_num_queries(7):
        assert _ipn(client, paid["query"])["RspCode"] == "00"
    with django_assert_max_num_queries(4):  # the attempt with its order, the audit row
        assert _ipn(client, paid["query"])["RspCode"] == "02"

    attempt.refresh_from_db()
    order.refresh_from_db()
    entry = LedgerEntry.objects.get()
    assert attempt.settled_at is not None and attempt.settled_at.tzinfo is not None
    assert abs(attempt.settled_at - timezone.now()) < timedelta(minutes=1)
    assert order.paid_at == attempt.settled_at and order.updated_at == attempt.settled_at
    assert (entry.order_id, entry.attempt_id, entry.kind, entry.note) == (
        order.pk,
        attempt.pk,
        "payment",
        "",
    )
    assert abs(entry.created_at - attempt.settled_at) < timedelta(seconds=5)
    # Stored as the ORM stores datetimes: range lookups find them.
    assert PaymentAttempt.objects.filter(settled_at__gte=attempt.settled_at).count() == 1
    assert Order.objects.filter(paid_at__lte=timezone.now()).get() == order
