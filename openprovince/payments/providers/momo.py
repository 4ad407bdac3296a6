"""MoMo AIO v2 gateway, MoMo wallet (`captureWallet`) (docs/payments-zalopay-momo.md §3).

- `POST {MOMO_API_URL}/v2/gateway/api/create`, JSON; `signature` = HMAC-SHA256(secret key,
  `accessKey=…&amount=…&extraData=…&ipnUrl=…&orderId=…&orderInfo=…&partnerCode=…&redirectUrl=…
  &requestId=…&requestType=…`) (raw values, keys a-z) → `payUrl` to redirect to.
- IPN: JSON with its own `signature` over 13 fields (our accessKey included); we answer 204.
- `POST /v2/gateway/api/query`, `signature` over accessKey, orderId, partnerCode, requestId.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Mapping
from typing import Any, ClassVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from openprovince.core.errors import AppError

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
from .http import post_json

CREATE_FIELDS = ("accessKey", "amount", "extraData", "ipnUrl", "orderId", "orderInfo",
                 "partnerCode", "redirectUrl", "requestId", "requestType")  # fmt: skip
IPN_FIELDS = ("accessKey", "amount", "extraData", "message", "orderId", "orderInfo",
              "orderType", "partnerCode", "payType", "requestId", "responseTime", "resultCode",
              "transId")  # fmt: skip
QUERY_FIELDS = ("accessKey", "orderId", "partnerCode", "requestId")
# The MoMo wallet takes 1,000 to 50,000,000 VND in one payment.
MIN_AMOUNT, MAX_AMOUNT = 1_000, 50_000_000
# resultCode: paid (9000 = authorised; with autoCapture, the default, that is paid), still
# open, and codes that say our request was refused rather than the payment failed.
PAID = {0, 9000}
OPEN = {1000, 7000, 7002, 8000}
REQUEST_ERRORS = {10, 11, 12, 13, 20, 21, 22, 40, 41, 43}
ORDER_NOT_FOUND = 42


def momo_signature(secret: str, fields: Mapping[str, Any], names: tuple[str, ...]) -> str:
    raw = "&".join(f"{name}={_text(fields.get(name))}" for name in names)
    return hmac.new(secret.encode(), raw.encode(), hashlib.sha256).hexdigest()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class MoMoProvider(Provider):
    code = "momo"
    name = "MoMo"
    queryable: ClassVar[bool] = True

    # The default reference (order reference + 4 characters, [0-9A-Z]) fits MoMo's orderId
    # pattern ^[0-9a-zA-Z]([-_.]*[0-9a-zA-Z]+)*$.

    def checkout(self, attempt: PaymentAttempt, ctx: StartContext) -> Checkout:
        if not MIN_AMOUNT <= attempt.amount <= MAX_AMOUNT:
            raise AppError(
                "payments.amount_limit",
                _(
                    "MoMo accepts payments from 1,000 to 50,000,000 VND. "
                    "Please choose another way to pay."
                ),
            )
        _require_keys()
        order = attempt.order
        body: dict[str, Any] = {
            "partnerCode": settings.MOMO_PARTNER_CODE,
            "accessKey": settings.MOMO_ACCESS_KEY,  # in MoMo's official samples; harmless
            "requestId": uuid.uuid4().hex,
            "amount": attempt.amount,
            "orderId": attempt.provider_ref,
            "orderInfo": f"{order.description} ({order.reference})"[:255],
            "redirectUrl": ctx.return_url(attempt),
            "ipnUrl": ctx.notify_url(self.code),
            "requestType": "captureWallet",
            "extraData": "",
            "lang": "en" if ctx.locale == "en" else "vi",
        }
        body["signature"] = momo_signature(settings.MOMO_SECRET_KEY, body, CREATE_FIELDS)
        answer = post_json(settings.MOMO_API_URL + "/v2/gateway/api/create", body)
        if answer.get("resultCode") != 0 or not answer.get("payUrl"):
            raise ProviderError(f"MoMo create refused: {answer.get('resultCode')} "
                                f"{answer.get('message', '')}")  # fmt: skip
        return Checkout(redirect_url=str(answer["payUrl"]))

    def callback(self, request: HttpRequest) -> Notice:
        body = json.loads(request.body)
        if not isinstance(body, dict) or not isinstance(body.get("signature"), str):
            raise ValueError("MoMo IPN is not a signed JSON object")
        # accessKey is ours: it is signed but not sent.
        fields = {**body, "accessKey": settings.MOMO_ACCESS_KEY}
        if not settings.MOMO_SECRET_KEY or not digest_equal(
            momo_signature(settings.MOMO_SECRET_KEY, fields, IPN_FIELDS), body["signature"]
        ):
            raise BadSignature("momo signature")
        if body.get("partnerCode") != settings.MOMO_PARTNER_CODE:
            raise ValueError("MoMo IPN for another partner")
        try:
            result, amount = int(body["resultCode"]), int(body["amount"])
        except TypeError as error:
            raise ValueError(f"MoMo IPN field: {error}") from error
        outcome = _outcome(result)
        return Notice(
            provider=self.code,
            provider_ref=str(body["orderId"]),
            outcome=outcome,
            amount=amount,
            provider_txn_id=str(body.get("transId") or "") if outcome is Outcome.SUCCEEDED else "",
            code=str(result),
        )

    def callback_reply(self, settled: Settled | None, error: Exception | None) -> HttpResponse:
        """MoMo wants HTTP 204 without a body once we have the IPN. An unknown order or a
        wrong amount is recorded as a mismatch for a person, so it is acknowledged too; only
        a request we could not read or verify gets 400."""
        if error is not None:
            return HttpResponse(status=400)
        return HttpResponse(status=204)

    def query(self, attempt: PaymentAttempt) -> Notice:
        _require_keys()
        body: dict[str, Any] = {
            "partnerCode": settings.MOMO_PARTNER_CODE,
            "accessKey": settings.MOMO_ACCESS_KEY,
            "requestId": uuid.uuid4().hex,
            "orderId": attempt.provider_ref,
            "lang": "vi",
        }
        body["signature"] = momo_signature(settings.MOMO_SECRET_KEY, body, QUERY_FIELDS)
        answer = post_json(settings.MOMO_API_URL + "/v2/gateway/api/query", body)
        try:
            result = int(answer["resultCode"])
        except (KeyError, TypeError, ValueError) as error:
            raise ProviderError(f"MoMo query answer without resultCode: {answer}") from error
        if result in REQUEST_ERRORS or answer.get("orderId", attempt.provider_ref) != (
            attempt.provider_ref
        ):
            raise ProviderError(f"MoMo query refused: {result} {answer.get('message', '')}")
        # 42: MoMo never created this order (our create failed), so nobody can pay it.
        outcome = Outcome.FAILED if result == ORDER_NOT_FOUND else _outcome(result)
        if outcome is Outcome.SUCCEEDED:
            try:
                amount, txn = int(answer["amount"]), str(answer["transId"])
            except (KeyError, TypeError, ValueError) as error:
                raise ProviderError(f"MoMo query answer incomplete: {answer}") from error
        else:
            amount, txn = attempt.amount, ""
        return Notice(provider=self.code, provider_ref=attempt.provider_ref, outcome=outcome,
                      amount=amount, provider_txn_id=txn, code=str(result))  # fmt: skip


def _outcome(result: int) -> Outcome:
    if result in PAID:
        return Outcome.SUCCEEDED
    if result in OPEN:
        return Outcome.PENDING
    return Outcome.FAILED


def _require_keys() -> None:
    if not (settings.MOMO_PARTNER_CODE and settings.MOMO_ACCESS_KEY and settings.MOMO_SECRET_KEY):
        raise ProviderError("MoMo is not configured (MOMO_PARTNER_CODE, _ACCESS_KEY, _SECRET_KEY)")
