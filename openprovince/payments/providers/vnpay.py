"""VNPay payment gateway, API v2.1.0 (docs/payments-vnpay.md).

The payer is redirected to VNPay with a signed query string; VNPay calls our IPN URL (a GET
with the signed result, registered with VNPay, not sent per request) and sends the browser
back to the return URL, which only displays. Reconciliation asks `querydr` about attempts no
IPN settled.
"""

from __future__ import annotations

import functools
import http.client
import json
import logging
import re
import socket
import urllib.error
import urllib.request
import uuid
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from typing import Any, ClassVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Order, PaymentAttempt
from ..references import reference_random
from .base import (
    BadSignature,
    Checkout,
    Notice,
    Outcome,
    Provider,
    ProviderError,
    Settled,
    StartContext,
)
from .vnpay_signing import (
    vnpay_hash_data,
    vnpay_order_info,
    vnpay_querydr_checksum,
    vnpay_querydr_response_verify,
    vnpay_sign,
    vnpay_verify,
)

log = logging.getLogger(__name__)

VERSION = "2.1.0"
VN_TIME = dt_timezone(timedelta(hours=7), "GMT+7")  # VNPay's dates; Vietnam has no DST
# The payer gets at least this long on VNPay's page, and at most this long, whatever is
# left of the order: money arriving after the order expired still counts (docs/payments.md).
EXPIRE_MIN = timedelta(minutes=10)
EXPIRE_MAX = timedelta(minutes=30)
# "other" is VNPay's default category; the numbered codes describe shops, not public fees.
ORDER_TYPE = "other"
# querydr vnp_TransactionStatus values that mean "no money taken": 02 error, 04 reversed
# (debited at the bank, not successful at VNPay, so the bank gives it back).
FAILED_STATUSES = frozenset({"02", "04"})
QUERY_NOT_FOUND = "91"
# IPN results that may mean money was taken without the payment being done (07: "debited,
# suspected fraud"; 01: not finished; or the two codes disagree). A failed attempt is never
# queried again, so these stay open for querydr to decide instead.
UNSETTLED_CODES = frozenset({"01", "07"})
_AMOUNT = re.compile(r"[0-9]{1,15}")
_MAX_ANSWER = 64 * 1024

# IPN replies: VNPay keys on RspCode; the messages are those of VNPay's PHP sample.
REPLY_OK = ("00", "Confirm Success")
REPLY_NOT_FOUND = ("01", "Order not found")
REPLY_ALREADY = ("02", "Order already confirmed")
REPLY_AMOUNT = ("04", "Invalid amount")
REPLY_SIGNATURE = ("97", "Invalid signature")
REPLY_ERROR = ("99", "Unknown error")
REPLIES = {
    Settled.CONFIRMED: REPLY_OK,
    Settled.FAILED: REPLY_OK,  # the IPN is acknowledged: we recorded the failed payment
    Settled.ALREADY: REPLY_ALREADY,
    Settled.IGNORED: REPLY_ALREADY,  # an older event for an attempt already settled
    Settled.UNKNOWN: REPLY_NOT_FOUND,
    Settled.WRONG_AMOUNT: REPLY_AMOUNT,
}


def vnpay_time(moment: datetime) -> str:
    """`yyyyMMddHHmmss` in GMT+7, VNPay's only date format."""
    return moment.astimezone(VN_TIME).strftime("%Y%m%d%H%M%S")


def vnpay_amount(value: object) -> int:
    """VND from VNPay's amount (VND × 100). ValueError unless whole đồng."""
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if not _AMOUNT.fullmatch(text) or int(text) % 100:
        raise ValueError(f"vnp_Amount {value!r}")
    return int(text) // 100


def ipn_outcome(response_code: str, status: str) -> Outcome:
    """Paid only when both codes say so (VNPay's IPN sample); failed when neither does."""
    if response_code == "00" and status == "00":
        return Outcome.SUCCEEDED
    if "00" in (response_code, status) or {response_code, status} & UNSETTLED_CODES:
        return Outcome.PENDING
    return Outcome.FAILED


def _credentials() -> tuple[str, str]:
    return settings.VNPAY_TMN_CODE, settings.VNPAY_HASH_SECRET


@functools.cache
def _server_ip() -> str:
    """querydr wants the address of the server that calls it; VNPay does not check it against
    anything we know of, so the host's own address is enough."""
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return "127.0.0.1"


class VNPayProvider(Provider):
    code = "vnpay"
    name = "VNPay"
    queryable: ClassVar[bool] = True

    def new_ref(self, order: Order) -> str:
        """vnp_TxnRef: letters and digits only (every VNPay sample encodes them alike, and
        some integrators report trouble with "-"); unique per day at VNPay, and for ever
        here (the attempt's unique constraint)."""
        return order.reference + reference_random(4)

    def checkout(self, attempt: PaymentAttempt, ctx: StartContext) -> Checkout:
        tmn_code, secret = _credentials()
        if not tmn_code or not secret:
            raise ProviderError("VNPAY_TMN_CODE and VNPAY_HASH_SECRET are not set")
        order = attempt.order
        created = attempt.created_at  # also querydr's vnp_TransactionDate, so derive both here
        expires = max(created + EXPIRE_MIN, min(order.expires_at, created + EXPIRE_MAX))
        info = _("Payment %(reference)s: %(description)s") % {
            "reference": order.reference,
            "description": order.description,
        }
        fields = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": tmn_code,
            "vnp_Amount": str(attempt.amount * 100),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": attempt.provider_ref,
            "vnp_OrderInfo": vnpay_order_info(info) or order.reference,
            "vnp_OrderType": ORDER_TYPE,
            "vnp_Locale": ctx.locale if ctx.locale in ("vn", "en") else "vn",
            "vnp_ReturnUrl": ctx.return_url(attempt),
            "vnp_IpAddr": ctx.client_ip,
            "vnp_CreateDate": vnpay_time(created),
            "vnp_ExpireDate": vnpay_time(expires),
        }
        query = vnpay_hash_data(fields)
        signature = vnpay_sign(fields, secret)
        return Checkout(redirect_url=f"{settings.VNPAY_PAY_URL}?{query}&vnp_SecureHash={signature}")

    def callback(self, request: HttpRequest) -> Notice:
        # The IPN is a GET; its values arrive URL-decoded and are re-encoded to verify.
        query = request.GET
        return self.parse({key: query.get(key, "") for key in query if key.startswith("vnp_")})

    def parse(self, fields: Mapping[str, str]) -> Notice:
        """The notice in an IPN's (or return URL's) fields."""
        tmn_code, secret = _credentials()
        if not secret or not vnpay_verify(fields, secret):
            raise BadSignature("vnpay checksum")
        if fields.get("vnp_TmnCode") != tmn_code:
            raise BadSignature("vnpay terminal")  # signed, but not for our terminal
        ref = fields.get("vnp_TxnRef", "")
        if not ref:
            raise ValueError("vnp_TxnRef missing")
        amount = vnpay_amount(fields.get("vnp_Amount", ""))
        response_code = fields.get("vnp_ResponseCode", "")
        outcome = ipn_outcome(response_code, fields.get("vnp_TransactionStatus", ""))
        # VNPay numbers cancelled payments "0": that is no transaction of its own.
        txn_no = fields.get("vnp_TransactionNo", "")
        return Notice(
            provider=self.code,
            provider_ref=ref,
            outcome=outcome,
            amount=amount,
            provider_txn_id="" if txn_no.strip("0") == "" else txn_no,
            code=response_code,
        )

    def callback_reply(self, settled: Settled | None, error: Exception | None) -> HttpResponse:
        if isinstance(error, BadSignature):
            code, message = REPLY_SIGNATURE
        elif error is not None or settled is None:
            code, message = REPLY_ERROR
        else:
            code, message = REPLIES.get(settled, REPLY_ERROR)
        # Always 200: VNPay reads the RspCode and retries on anything it cannot parse.
        return JsonResponse({"RspCode": code, "Message": message})

    def query(self, attempt: PaymentAttempt) -> Notice:
        tmn_code, secret = _credentials()
        if not tmn_code or not secret:
            raise ProviderError("VNPAY_TMN_CODE and VNPAY_HASH_SECRET are not set")
        body = {
            "vnp_RequestId": uuid.uuid4().hex,  # 32 letters and digits, unique per day
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": tmn_code,
            "vnp_TxnRef": attempt.provider_ref,
            "vnp_OrderInfo": f"Query {attempt.provider_ref}",
            "vnp_TransactionDate": vnpay_time(attempt.created_at),  # the pay request's date
            "vnp_CreateDate": vnpay_time(timezone.now()),
            "vnp_IpAddr": _server_ip(),
        }
        body["vnp_SecureHash"] = vnpay_querydr_checksum(body, secret)
        answer = _post_json(settings.VNPAY_API_URL, body)
        return self._query_notice(attempt, answer, tmn_code, secret)

    def _query_notice(
        self, attempt: PaymentAttempt, answer: dict[str, Any], tmn_code: str, secret: str
    ) -> Notice:
        code = str(answer.get("vnp_ResponseCode", ""))
        # A success must be signed; an error answer, if signed, must be signed right.
        if (code == "00" or answer.get("vnp_SecureHash")) and not vnpay_querydr_response_verify(
            answer, secret
        ):
            raise ProviderError("vnpay querydr: bad response checksum")
        pending = Notice(
            provider=self.code,
            provider_ref=attempt.provider_ref,
            outcome=Outcome.PENDING,
            amount=attempt.amount,
            code=code,
        )
        if code == QUERY_NOT_FOUND:
            return pending  # the payer never reached VNPay, or not yet
        if code != "00":
            raise ProviderError(f"vnpay querydr: {code} {answer.get('vnp_Message', '')}")
        if (
            answer.get("vnp_TmnCode") != tmn_code
            or answer.get("vnp_TxnRef") != attempt.provider_ref
        ):
            raise ProviderError("vnpay querydr: the answer is about another transaction")
        status = str(answer.get("vnp_TransactionStatus", ""))
        if status == "00":
            outcome = Outcome.SUCCEEDED
        elif status in FAILED_STATUSES:
            outcome = Outcome.FAILED
        else:
            if status != "01":  # 07 (suspected fraud) and refund states: a person looks
                log.warning("vnpay querydr: %s has status %s", attempt.provider_ref, status)
            return replace(pending, code=status)
        try:
            amount = vnpay_amount(answer.get("vnp_Amount"))
        except ValueError as error:
            if outcome is Outcome.SUCCEEDED:
                raise ProviderError("vnpay querydr: bad vnp_Amount") from error
            amount = attempt.amount
        txn_no = str(answer.get("vnp_TransactionNo") or "")
        return Notice(
            provider=self.code,
            provider_ref=attempt.provider_ref,
            outcome=outcome,
            amount=amount,
            provider_txn_id="" if txn_no.strip("0") == "" else txn_no,
            code=status,
        )


def _post_json(url: str, body: dict[str, str]) -> dict[str, Any]:
    # urllib also opens file:// and ftp://; the URL is a setting, but refuse anything else.
    if not url.startswith(("https://", "http://")):
        raise ProviderError(f"VNPAY_API_URL is not an http(s) URL: {url!r}")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.PAYMENTS_HTTP_TIMEOUT) as response:  # noqa: S310
            raw = response.read(_MAX_ANSWER + 1)
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        raise ProviderError(f"vnpay merchant API: {error}") from error
    if len(raw) > _MAX_ANSWER:
        raise ProviderError("vnpay merchant API: answer too large")
    try:
        answer = json.loads(raw)
    except ValueError as error:
        raise ProviderError("vnpay merchant API: not JSON") from error
    if not isinstance(answer, dict):
        raise ProviderError("vnpay merchant API: not a JSON object")
    return answer


__all__ = ["VNPayProvider", "ipn_outcome", "vnpay_amount", "vnpay_time"]
