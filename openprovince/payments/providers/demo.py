"""A pretend gateway for `make run`, demos and tests: a page on this site where the payer
chooses "pay" or "fail", then a signed callback like a real gateway's. It moves no money and
is offered only when `PAYMENTS_PROVIDERS` lists "demo" (the default only with DEBUG on)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import ClassVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.crypto import salted_hmac

from ..models import PaymentAttempt
from .base import BadSignature, Checkout, Notice, Outcome, Provider, Settled, StartContext

SIGNED_FIELDS = ("ref", "amount", "outcome", "txn")


def demo_signature(fields: dict[str, str]) -> str:
    message = "|".join(fields.get(name, "") for name in SIGNED_FIELDS)
    return salted_hmac("openprovince.payments.demo", message, algorithm="sha256").hexdigest()


class DemoProvider(Provider):
    code = "demo"
    name = "Demo"
    queryable: ClassVar[bool] = False

    def checkout(self, attempt: PaymentAttempt, ctx: StartContext) -> Checkout:
        return Checkout(
            redirect_url=reverse("payments:demo_gateway", kwargs={"public_id": attempt.public_id})
        )

    def callback(self, request: HttpRequest) -> Notice:
        return self.parse(request.POST)

    def parse(self, data: Mapping[str, str]) -> Notice:
        """The notice in the demo gateway's signed fields."""
        fields = {name: data.get(name, "") for name in SIGNED_FIELDS}
        if not hmac.compare_digest(demo_signature(fields), data.get("sig", "")):
            raise BadSignature("demo signature")
        try:
            amount = int(fields["amount"])
            outcome = Outcome(fields["outcome"])
        except ValueError as error:
            raise ValueError("demo callback fields") from error
        return Notice(
            provider=self.code,
            provider_ref=fields["ref"],
            outcome=outcome,
            amount=amount,
            provider_txn_id=fields["txn"],
            code=fields["outcome"],
        )

    def callback_reply(self, settled: Settled | None, error: Exception | None) -> HttpResponse:
        if isinstance(error, BadSignature):
            return JsonResponse({"ok": False, "error": "signature"}, status=400)
        if error is not None:
            return JsonResponse({"ok": False, "error": "malformed"}, status=400)
        assert settled is not None
        return JsonResponse({"ok": True, "settled": settled.value})


def demo_txn_id(attempt: PaymentAttempt) -> str:
    """A stable pretend transaction number, so pressing "pay" twice is one transaction."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{attempt.public_id}".encode()).hexdigest()
    return "DEMO" + digest[:12].upper()


def demo_fields(attempt: PaymentAttempt, outcome: Outcome) -> dict[str, str]:
    fields = {
        "ref": attempt.provider_ref,
        "amount": str(attempt.amount),
        "outcome": outcome.value,
        "txn": demo_txn_id(attempt) if outcome is Outcome.SUCCEEDED else "",
    }
    return {**fields, "sig": demo_signature(fields)}


__all__ = ["DemoProvider", "demo_fields", "demo_signature"]
