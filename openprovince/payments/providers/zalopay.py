"""ZaloPay v2 gateway (docs/payments-zalopay-momo.md §1).

- `POST {ZALOPAY_API_URL}/v2/create`, form fields, `mac` = HMAC-SHA256(key1,
  app_id|app_trans_id|app_user|amount|app_time|embed_data|item) → `order_url` to redirect to.
- Callback: JSON `{data, mac, type}`, `mac` = HMAC-SHA256(key2, the raw `data` string). ZaloPay
  calls back only when it has received the money; failures are seen only through the query.
- `POST /v2/query`, `mac` = HMAC-SHA256(key1, app_id|app_trans_id|key1); return_code 1 paid,
  2 failed, 3 not paid yet.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import timedelta, timezone
from typing import Any, ClassVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone as dj_timezone

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
    digest_equal,
)
from .http import post_form

# app_trans_id must begin with the date in Vietnam (GMT+7), whatever the server's zone.
VIETNAM = timezone(timedelta(hours=7))
CREATE_MAC_FIELDS = ("app_id", "app_trans_id", "app_user", "amount", "app_time", "embed_data",
                     "item")  # fmt: skip
# Who pays, as ZaloPay sees it: required, not empty; the docs allow the app's name. We send no
# personal data to the gateway.
APP_USER = "OpenProvince"
# ZaloPay keeps an order payable for 15 minutes by default; ours live longer (bounds: docs).
MIN_EXPIRY, MAX_EXPIRY = 300, 2_592_000
# sub_return_code values that say the request was refused, not that the payment failed.
REQUEST_ERRORS = {-401, -402, -429, -500, -999, -33}


def zalopay_mac(key: str, message: str) -> str:
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def create_mac(key1: str, fields: Mapping[str, Any]) -> str:
    return zalopay_mac(key1, "|".join(str(fields[name]) for name in CREATE_MAC_FIELDS))


def query_mac(key1: str, app_id: str, app_trans_id: str) -> str:
    return zalopay_mac(key1, f"{app_id}|{app_trans_id}|{key1}")


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class ZaloPayProvider(Provider):
    code = "zalopay"
    name = "ZaloPay"
    queryable: ClassVar[bool] = True

    def new_ref(self, order: Order) -> str:
        """`yymmdd_<order reference><4 random>`: 23 characters of ZaloPay's 40."""
        day = dj_timezone.now().astimezone(VIETNAM).strftime("%y%m%d")
        return f"{day}_{order.reference}{reference_random(4)}"

    def checkout(self, attempt: PaymentAttempt, ctx: StartContext) -> Checkout:
        _require_keys()
        order = attempt.order
        now = dj_timezone.now()
        expiry = int((order.expires_at - now).total_seconds())
        fields: dict[str, Any] = {
            "app_id": settings.ZALOPAY_APP_ID,
            "app_user": APP_USER,
            "app_trans_id": attempt.provider_ref,
            "app_time": int(now.timestamp() * 1000),
            "amount": attempt.amount,
            "item": "[]",
            "embed_data": _compact({"redirecturl": ctx.return_url(attempt)}),
            "description": f"{order.description} ({order.reference})"[:256],
            "bank_code": "",  # the gateway offers every method it has
            "callback_url": ctx.notify_url(self.code),
            "expire_duration_seconds": min(max(expiry, MIN_EXPIRY), MAX_EXPIRY),
        }
        fields["mac"] = create_mac(settings.ZALOPAY_KEY1, fields)
        answer = post_form(settings.ZALOPAY_API_URL + "/v2/create", fields)
        if answer.get("return_code") != 1 or not answer.get("order_url"):
            raise ProviderError(f"ZaloPay create refused: {_why(answer)}")
        return Checkout(redirect_url=str(answer["order_url"]))

    def callback(self, request: HttpRequest) -> Notice:
        body = json.loads(request.body)
        if not isinstance(body, dict):
            raise ValueError("ZaloPay callback is not a JSON object")
        data, mac = body.get("data"), body.get("mac")
        if not isinstance(data, str) or not isinstance(mac, str):
            raise ValueError("ZaloPay callback without data or mac")
        # The raw string as received: re-serialising the JSON would change the bytes.
        if not settings.ZALOPAY_KEY2 or not digest_equal(
            zalopay_mac(settings.ZALOPAY_KEY2, data), mac
        ):
            raise BadSignature("zalopay mac")
        if str(body.get("type", 1)) != "1":  # 2 = agreement (tokenisation) callbacks
            raise ValueError(f"not an order callback (type {body.get('type')!r})")
        fields = json.loads(data)
        if not isinstance(fields, dict):
            raise ValueError("ZaloPay callback data is not a JSON object")
        if str(fields.get("app_id")) != str(settings.ZALOPAY_APP_ID):
            raise ValueError("ZaloPay callback for another app")
        try:
            ref, amount = str(fields["app_trans_id"]), int(fields["amount"])
            txn = str(fields["zp_trans_id"])
        except TypeError as error:  # e.g. "amount": null
            raise ValueError(f"ZaloPay callback field: {error}") from error
        # ZaloPay calls back only once it has the money: every callback is a success.
        return Notice(provider=self.code, provider_ref=ref, outcome=Outcome.SUCCEEDED,
                      amount=amount, provider_txn_id=txn, code="1")  # fmt: skip

    def callback_reply(self, settled: Settled | None, error: Exception | None) -> HttpResponse:
        """Always HTTP 200 with `{return_code, return_message}`. 1 and 2 are final. On anything
        else the docs say ZaloPay stops, but the official sample says 0 makes it call again
        (at most 3 times): we answer 0 where a person must look (unknown order, wrong amount,
        malformed), -1 for a bad mac, and never rely on retries (reconciliation queries)."""
        if isinstance(error, BadSignature):
            return _reply(-1, "mac not equal")
        if error is not None:
            return _reply(0, "malformed callback")
        if settled is Settled.CONFIRMED:
            return _reply(1, "success")
        if settled in (Settled.ALREADY, Settled.IGNORED):
            return _reply(2, "already")
        assert settled is not None
        return _reply(0, settled.value)

    def query(self, attempt: PaymentAttempt) -> Notice:
        _require_keys()
        app_id = str(settings.ZALOPAY_APP_ID)
        fields = {
            "app_id": app_id,
            "app_trans_id": attempt.provider_ref,
            "mac": query_mac(settings.ZALOPAY_KEY1, app_id, attempt.provider_ref),
        }
        answer = post_form(settings.ZALOPAY_API_URL + "/v2/query", fields)
        code = answer.get("return_code")
        sub_code = answer.get("sub_return_code")
        if code == 1:
            try:
                amount, txn = int(answer["amount"]), str(answer["zp_trans_id"])
            except (KeyError, TypeError, ValueError) as error:
                raise ProviderError(f"ZaloPay query answer incomplete: {answer}") from error
            return self._notice(attempt, Outcome.SUCCEEDED, "1", amount=amount, txn=txn)
        if code == 2 and sub_code not in REQUEST_ERRORS:
            # e.g. -54: the order expired unpaid.
            return self._notice(attempt, Outcome.FAILED, str(sub_code or code))
        if code == 3:
            return self._notice(attempt, Outcome.PENDING, "3")
        raise ProviderError(f"ZaloPay query refused: {_why(answer)}")

    def _notice(
        self,
        attempt: PaymentAttempt,
        outcome: Outcome,
        code: str,
        *,
        amount: int | None = None,
        txn: str = "",
    ) -> Notice:
        # Without money moving, the amount is the attempt's (the core compares amounts).
        return Notice(
            provider=self.code,
            provider_ref=attempt.provider_ref,
            outcome=outcome,
            amount=attempt.amount if amount is None else amount,
            provider_txn_id=txn,
            code=code,
        )


def _require_keys() -> None:
    if not (settings.ZALOPAY_APP_ID and settings.ZALOPAY_KEY1):
        raise ProviderError("ZaloPay is not configured (ZALOPAY_APP_ID, ZALOPAY_KEY1)")


def _why(answer: Mapping[str, Any]) -> str:
    return " ".join(
        str(answer.get(k, "")) for k in ("return_code", "sub_return_code", "sub_return_message")
    )


def _reply(code: int, message: str) -> JsonResponse:
    return JsonResponse({"return_code": code, "return_message": message})
