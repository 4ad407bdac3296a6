"""What every payment provider offers the core, and what it hands back.

A provider turns an attempt into a `Checkout` (a redirect, a QR payload, or parameters for a
client SDK), turns a callback it received into a verified `Notice` (or raises `BadSignature`),
and, where the provider has one, asks its status API about an attempt (`query`). The core
(`services.settlement`) decides what a notice means for the order; providers never touch
orders or the ledger.
"""

from __future__ import annotations

import enum
import hmac
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from ..models import Order, PaymentAttempt
from ..references import reference_random


class Outcome(enum.Enum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    PENDING = "pending"  # the provider does not know yet


class Settled(enum.Enum):
    """What the core made of a notice; each provider maps these to its own reply."""

    CONFIRMED = "confirmed"  # money received now, order paid
    ALREADY = "already"  # this transaction was already counted
    FAILED = "failed"  # recorded as failed
    IGNORED = "ignored"  # pending, or an older event that must not move the attempt back
    UNKNOWN = "unknown"  # no such attempt
    WRONG_AMOUNT = "wrong_amount"


class BadSignature(Exception):
    """A callback whose signature does not verify; it must change nothing."""


class ProviderError(Exception):
    """The provider could not be reached or answered with an error. `user_message` (already
    translated) replaces the payer's generic "not answering" message when there is a better
    one."""

    def __init__(self, detail: str, *, user_message: str = "") -> None:
        super().__init__(detail)
        self.user_message = user_message


@dataclass(frozen=True)
class Checkout:
    """How the payer goes on: follow `redirect_url`, scan `qr_payload`, or call a client SDK
    with `sdk_params`."""

    redirect_url: str = ""
    qr_payload: str = ""
    sdk_params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Notice:
    """A verified statement from a provider about one attempt."""

    provider: str
    provider_ref: str
    outcome: Outcome
    amount: int  # VND as the provider reports it
    provider_txn_id: str = ""
    code: str = ""  # the provider's result code, kept on the attempt
    currency: str = "VND"


@dataclass(frozen=True)
class StartContext:
    """What a provider may need to build a checkout."""

    base_url: str  # this site's public address, no trailing slash
    client_ip: str
    locale: str = "vn"  # "vn" or "en"

    def return_url(self, attempt: PaymentAttempt) -> str:
        """Where the payer's browser comes back (it only displays the result)."""
        return self.base_url + reverse("payments:return", args=[attempt.public_id])

    def notify_url(self, provider: str) -> str:
        """Where the gateway sends its signed callback (IPN)."""
        return self.base_url + reverse("payments:callback", args=[provider])


class Provider:
    """Base class; subclasses set `code`, `name` and implement what they support."""

    code: ClassVar[str]
    name: ClassVar[str]  # shown to payers (a brand name, not translated)
    queryable: ClassVar[bool] = False

    def can_query(self, attempt: PaymentAttempt) -> bool:
        """Whether `query()` can ask about this attempt now (some providers need an id the
        payer's app reports first)."""
        return self.queryable

    def checkout(self, attempt: PaymentAttempt, ctx: StartContext) -> Checkout:
        raise NotImplementedError

    def callback(self, request: HttpRequest) -> Notice:
        """The verified notice in a callback request; `BadSignature` when it does not verify,
        `ValueError` when it is malformed."""
        raise NotImplementedError

    def callback_reply(self, settled: Settled | None, error: Exception | None) -> HttpResponse:
        """The reply the provider expects for what the core did (or for the error)."""
        raise NotImplementedError

    def attempt_context(self, attempt: PaymentAttempt) -> dict[str, Any]:
        """Extra template context for the attempt page (`/pay/attempts/<id>/`): a QR to
        scan, SDK parameters… Providers that redirect never show that page."""
        return {}

    def query(self, attempt: PaymentAttempt) -> Notice:
        """Ask the provider about an attempt (reconciliation); `ProviderError` on failure."""
        raise NotImplementedError

    def new_ref(self, order: Order) -> str:
        """Our reference for this attempt at the provider: by default the order reference and
        four random characters (a clash is caught by the unique constraint)."""
        return order.reference + reference_random(4)


def digest_equal(expected: str, given: str) -> bool:
    """Constant-time comparison of two hex digests, case-insensitive."""
    return hmac.compare_digest(expected.lower().encode(), given.strip().lower().encode())
