"""Zalo Mini App Checkout SDK (docs/payments-zalopay-momo.md §2).

The payer is inside our Zalo mini app. We give the mini app the parameters of
`Payment.createOrder` with their `mac` (computed here: the private key never leaves the
server); Zalo shows its payment sheet (ZaloPay, MoMo, cards… as set up in the mini app's
dashboard) and posts the result to our callback URL, signed with the same private key.

- createOrder `mac` = HMAC-SHA256(private key, the keys amount, desc, extradata, item, method
  sorted, as `key=value` joined by `&`, objects as JSON.stringify renders them).
- Callback: JSON `{data: {…}, mac, overallMac}`; `overallMac` covers every key of `data` sorted
  (`key=value&…`, values as JavaScript prints them); `mac` a fixed list of fields.
- get-status: `GET /api/transaction/get-status?orderId&appId&mac`, `mac` = HMAC-SHA256(private
  key, `appId=…&orderId=…&privateKey=…`).

Zalo numbers the order itself (`orderId`, returned to the mini app by createOrder); our
reference travels in `extradata` and comes back in the callback, which is how a callback
finds its attempt. The mini app reports the orderId to `/pay/attempts/<id>/provider-order`
(`PaymentAttempt.provider_order_id`), so reconciliation can ask get-status when the callback
is lost; the answer is believed only if its `extradata` carries the attempt's reference.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.parse
from collections.abc import Mapping
from typing import Any, ClassVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse

from ..models import PaymentAttempt
from .base import (
    BadSignature,
    Checkout,
    Notice,
    Outcome,
    Provider,
    ProviderError,
    Settled,
    StartContext,
    digest_equal,
)
from .http import get_json

log = logging.getLogger(__name__)

# The callback `mac` fields, in this fixed (unsorted) order: Zalo's v2.1.4 docs; the current
# page names the same set without an order.
CALLBACK_MAC_FIELDS = ("appId", "amount", "description", "orderId", "message", "resultCode",
                       "transId")  # fmt: skip


def checkout_hmac(key: str, message: str) -> str:
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def js_json(value: Any) -> str:
    """`JSON.stringify(value)`: compact, non-ASCII kept, keys in insertion order."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def js_text(value: Any) -> str:
    """`${value}` in JavaScript, which is how Zalo's own code renders values for a MAC."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # JS prints 50000.0 as 50000
    if isinstance(value, dict | list):
        return js_json(value)
    return str(value)


def sorted_pairs(data: Mapping[str, Any]) -> str:
    return "&".join(f"{key}={js_text(data[key])}" for key in sorted(data))


def create_order_mac(key: str, params: Mapping[str, Any]) -> str:
    return checkout_hmac(key, sorted_pairs({k: v for k, v in params.items() if k != "mac"}))


def overall_mac(key: str, data: Mapping[str, Any]) -> str:
    return checkout_hmac(key, sorted_pairs(data))


def callback_mac(key: str, data: Mapping[str, Any]) -> str:
    return checkout_hmac(
        key, "&".join(f"{name}={js_text(data.get(name, ''))}" for name in CALLBACK_MAC_FIELDS)
    )


def status_mac(key: str, app_id: str, order_id: str) -> str:
    return checkout_hmac(key, f"appId={app_id}&orderId={order_id}&privateKey={key}")


def extradata_ref(extradata: Any) -> str:
    """Our attempt reference in `extradata`, which Zalo sends URL-encoded."""
    text = str(extradata or "")
    if text.startswith("%"):
        text = urllib.parse.unquote(text)
    value = json.loads(text)
    if not isinstance(value, dict) or not isinstance(value.get("ref"), str):
        raise ValueError("extradata without our reference")
    return value["ref"]


class ZaloCheckoutProvider(Provider):
    code = "zalo_checkout"
    name = "Zalo"
    # get-status needs Zalo's orderId, which only the mini app learns (from createOrder) and
    # reports to /pay/attempts/<id>/provider-order; reconciliation asks once it is known.
    queryable: ClassVar[bool] = True

    def can_query(self, attempt: PaymentAttempt) -> bool:
        return bool(attempt.provider_order_id)

    def checkout(self, attempt: PaymentAttempt, ctx: StartContext) -> Checkout:
        if not settings.ZALO_CHECKOUT_PRIVATE_KEY:
            raise ProviderError("Zalo checkout is not configured (ZALO_CHECKOUT_PRIVATE_KEY)")
        return Checkout(sdk_params=self.sdk_params(attempt))

    def sdk_params(self, attempt: PaymentAttempt) -> dict[str, Any]:
        """What the mini app passes to `Payment.createOrder` (`item` after JSON.parse: the SDK
        takes an array there, and JSON.stringify of it is the string signed here)."""
        order = attempt.order
        params: dict[str, Any] = {
            "amount": attempt.amount,
            "desc": f"{order.description} ({order.reference})"[:200],
            "item": js_json([{"id": order.reference, "amount": attempt.amount}]),
            "extradata": js_json({"ref": attempt.provider_ref, "order": order.reference}),
        }
        # One method (e.g. {"id": "ZALOPAY", "isCustom": false}) skips Zalo's method picker;
        # without it the payer chooses among the methods set up for the mini app.
        method = getattr(settings, "ZALO_CHECKOUT_METHOD", "")
        if method:
            params["method"] = js_json({"id": method, "isCustom": False})
        params["mac"] = create_order_mac(settings.ZALO_CHECKOUT_PRIVATE_KEY, params)
        return params

    def attempt_context(self, attempt: PaymentAttempt) -> dict[str, Any]:
        if not settings.ZALO_CHECKOUT_PRIVATE_KEY:
            return {}
        return {
            "zalo_checkout": self.sdk_params(attempt),
            # Where the mini app reports the orderId createOrder gives it.
            "zalo_report_url": reverse("payments:provider_order", args=[attempt.public_id]),
        }

    def callback(self, request: HttpRequest) -> Notice:
        body = json.loads(request.body)
        if not isinstance(body, dict):
            raise ValueError("Zalo checkout callback is not a JSON object")
        data, mac, overall = body.get("data"), body.get("mac"), body.get("overallMac")
        if not isinstance(data, dict) or not isinstance(overall, str):
            raise ValueError("Zalo checkout callback without data or overallMac")
        key = settings.ZALO_CHECKOUT_PRIVATE_KEY
        # overallMac covers every field, extradata (our reference) included: it decides.
        if not key or not digest_equal(overall_mac(key, data), overall):
            raise BadSignature("zalo checkout overallMac")
        if not isinstance(mac, str) or not digest_equal(callback_mac(key, data), mac):
            # Its field order comes from older docs; a mismatch here means our formula is off.
            log.warning("payments: Zalo checkout callback mac differs (overallMac verified)")
        if str(data.get("appId")) != str(settings.ZALO_CHECKOUT_APP_ID):
            raise ValueError("Zalo checkout callback for another mini app")
        try:
            result = int(data["resultCode"])
            amount = int(data["amount"])
        except TypeError as error:
            raise ValueError(f"Zalo checkout callback field: {error}") from error
        outcome = _outcome(result)
        return Notice(
            provider=self.code,
            provider_ref=extradata_ref(data.get("extradata")),
            outcome=outcome,
            amount=amount,
            provider_txn_id=str(data.get("transId") or "") if outcome is Outcome.SUCCEEDED else "",
            code=str(result),
        )

    def callback_reply(self, settled: Settled | None, error: Exception | None) -> HttpResponse:
        """`returnCode` 1 when we handled the result (whatever it was), 0 when we could not
        (bad signature, malformed, unknown order, wrong amount): the tutorial's reply. Whether
        Zalo retries after 0 is not documented; reconciliation does not depend on it."""
        if isinstance(error, BadSignature):
            return _reply(0, "invalid mac")
        if error is not None:
            return _reply(0, "malformed callback")
        if settled in (Settled.UNKNOWN, Settled.WRONG_AMOUNT):
            assert settled is not None
            return _reply(0, settled.value)
        return _reply(1, "success")

    def query(self, attempt: PaymentAttempt) -> Notice:
        """Ask Zalo about the attempt by Zalo's orderId (`attempt.provider_order_id`, reported
        by the mini app; believed only if Zalo's record carries our reference)."""
        order_id = attempt.provider_order_id
        if not order_id:
            raise ProviderError("Zalo's orderId for this attempt is not known")
        return self.order_status(attempt, order_id)

    def order_status(self, attempt: PaymentAttempt, order_id: str) -> Notice:
        key, app_id = settings.ZALO_CHECKOUT_PRIVATE_KEY, str(settings.ZALO_CHECKOUT_APP_ID)
        if not (key and app_id):
            raise ProviderError("Zalo checkout is not configured")
        answer = get_json(
            settings.ZALO_CHECKOUT_API_URL + "/api/transaction/get-status",
            {"orderId": order_id, "appId": app_id, "mac": status_mac(key, app_id, order_id)},
        )
        error = answer.get("error", answer.get("err", 0))
        data = answer.get("data")
        if error not in (0, None) or not isinstance(data, dict):
            raise ProviderError(f"Zalo get-status refused: {error} {answer.get('msg', '')}")
        # An orderId reported by the mini app is not signed: trust it only if Zalo's own
        # record carries our reference.
        try:
            ref = extradata_ref(data.get("extradata"))
        except ValueError as error_:
            raise ProviderError("Zalo get-status: extradata without our reference") from error_
        if ref != attempt.provider_ref:
            raise ProviderError("Zalo get-status: the order belongs to another attempt")
        try:
            code = int(data["returnCode"])
            # Money moved only on success, and then Zalo's amount is what the core checks.
            amount = int(data["amount"]) if code == 1 else attempt.amount
        except (KeyError, TypeError, ValueError) as error_:
            raise ProviderError(f"Zalo get-status answer incomplete: {data}") from error_
        outcome = Outcome.PENDING if code == 0 or data.get("isProcessing") else _outcome(code)
        return Notice(
            provider=self.code,
            provider_ref=attempt.provider_ref,
            outcome=outcome,
            amount=amount,
            provider_txn_id=str(data.get("transId") or "") if outcome is Outcome.SUCCEEDED else "",
            code=str(code),
        )


def _outcome(code: int) -> Outcome:
    """1 paid, negative failed; 0 (in progress), 2 (refunded) and anything else is not a
    payment result: nothing changes."""
    if code == 1:
        return Outcome.SUCCEEDED
    if code < 0:
        return Outcome.FAILED
    return Outcome.PENDING


def _reply(code: int, message: str) -> JsonResponse:
    return JsonResponse({"returnCode": code, "returnMessage": message})
