"""E-receipts for paid orders and the token that lets anyone check a printed one
(docs/payments-receipts.md).

A receipt is read from the books, never stored: the order, its lines and the attempt that
paid it. Its number is the order reference. The verification token is an HMAC of the
order's public id, amount and payment time under the site's secret key, so a receipt
whose amount or date was edited, or a token copied from another receipt, does not verify;
and the verify URL carries only the reference and the token, nothing personal.
"""

from __future__ import annotations

import base64
import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string

from .models import Order, PaymentAttempt
from .providers.registry import KNOWN
from .references import ALPHABET

HMAC_SALT = "openprovince.payments.receipt"
TOKEN_LENGTH = 16  # base32 characters: 80 bits, short enough to print and type
# Crockford's base 32, as in order references: no I, L, O, U to misread on paper; typed
# look-alikes are read as the digits they resemble.
_TO_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET)
_TYPED = str.maketrans("OIL", "011")
# Receipts show Vietnamese time whatever TIME_ZONE says: the payer and the agency are here.
RECEIPT_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class ReceiptLine:
    description: str
    amount: int


@dataclass(frozen=True)
class Receipt:
    number: str  # the order reference
    order_public_id: UUID
    description: str
    payee_name: str
    payer_name: str
    lines: tuple[ReceiptLine, ...]
    total: int
    refunded: int
    paid_at: datetime  # in RECEIPT_TZ
    provider_name: str
    provider_txn_id: str
    verify_path: str

    @property
    def reference(self) -> str:
        return self.number

    @property
    def pdf_filename(self) -> str:
        return f"bien-lai-{self.number}.pdf"


@dataclass(frozen=True)
class Verified:
    """What the verify page may tell anyone holding the printed receipt: no payer, no lines."""

    reference: str
    amount: int
    refunded: int
    paid_at: datetime  # in RECEIPT_TZ
    payee_name: str


def _token(order: Order, secret: str) -> str:
    # Whole seconds: the same value whatever precision the database keeps.
    assert order.paid_at is not None
    message = f"{order.public_id}|{order.amount}|{int(order.paid_at.timestamp())}"
    digest = salted_hmac(HMAC_SALT, message, secret=secret, algorithm="sha256").digest()
    return base64.b32encode(digest).decode("ascii")[:TOKEN_LENGTH].translate(_TO_CROCKFORD)


def receipt_token(order: Order) -> str:
    """The verification token of a paid order."""
    return _token(order, settings.SECRET_KEY)


def receipt_verify_url(order: Order, *, base_url: str = "") -> str:
    """The verify address printed on the receipt: a path, or an absolute URL with
    `base_url` (scheme and host, no trailing slash)."""
    path = reverse(
        "payments:receipt_verify",
        kwargs={"reference": order.reference, "token": receipt_token(order)},
    )
    return f"{base_url}{path}"


def receipt_of(order: Order) -> Receipt | None:
    """The receipt of `order`, or None while it is not paid."""
    if order.status != Order.Status.PAID or order.paid_at is None:
        return None
    attempt: PaymentAttempt | None = order.paid_by
    lines = tuple(
        ReceiptLine(description=line.description, amount=line.amount)
        for line in order.lines.order_by("id")
    )
    return Receipt(
        number=order.reference,
        order_public_id=order.public_id,
        description=order.description,
        payee_name=order.payee.display_name,
        payer_name=order.payer_name or _user_name(order.payer),
        lines=lines,
        total=order.amount,
        refunded=order.refunded_amount,
        paid_at=order.paid_at.astimezone(RECEIPT_TZ),
        provider_name=_provider_name(attempt.provider) if attempt else "",
        provider_txn_id=attempt.provider_txn_id if attempt else "",
        verify_path=receipt_verify_url(order),
    )


def receipt_by_public_id(public_id: UUID) -> Receipt | None:
    """The receipt of the order with this unguessable id (the payer's capability), or None
    when there is no such order or it is not paid."""
    order = (
        Order.objects.select_related("payee", "payer", "paid_by")
        .filter(public_id=public_id, status=Order.Status.PAID)
        .first()
    )
    return receipt_of(order) if order else None


def receipt_verify(*, reference: str, token: str) -> Verified | None:
    """What a printed receipt's reference and token prove, or None when they do not match a
    paid order. Tokens made with a key still in SECRET_KEY_FALLBACKS keep verifying, so
    rotating the secret key does not void receipts already printed."""
    reference, token = reference.strip().upper(), token.strip().upper().translate(_TYPED)
    if not reference or len(reference) > 16 or len(token) != TOKEN_LENGTH:
        return None
    order = (
        Order.objects.select_related("payee")
        .filter(reference=reference, status=Order.Status.PAID, paid_at__isnull=False)
        .first()
    )
    if order is None:
        return None
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if not any(hmac.compare_digest(_token(order, key), token) for key in keys):
        return None
    assert order.paid_at is not None
    return Verified(
        reference=order.reference,
        amount=order.amount,
        refunded=order.refunded_amount,
        paid_at=order.paid_at.astimezone(RECEIPT_TZ),
        payee_name=order.payee.display_name,
    )


def _provider_name(code: str) -> str:
    # Also for a provider switched off since: the receipt still names who took the money.
    path = KNOWN.get(code)
    if path is None:
        return code
    name: str = import_string(path).name
    return name


def _user_name(user: Any) -> str:
    if user is None:
        return ""
    full_name: str = getattr(user, "get_full_name", lambda: "")() or ""
    return full_name.strip()
