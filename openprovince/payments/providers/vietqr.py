"""VietQR: the payer scans a NAPAS 247 QR in their banking app and transfers to the payee
agency's own account; the transfer text carries the order reference. No gateway takes part,
so nothing can be asked about an attempt (not queryable): the money is confirmed by the
bank's statement, posted line by line by a bank-statement webhook (SePay-style, below) or
imported as a CSV (`services.statements`). Both match the statement line to an attempt here
(`notice_for_credit`). See docs/payments-vietqr.md.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import segno
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

from openprovince.core.errors import AppError
from openprovince.core.text import clean_line

from ..banks import bank_name
from ..models import Order, PayeeAccount, PaymentAttempt
from ..references import reference_candidates, reference_random
from ..vietqr import purpose_text, vietqr_payload
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

CODE = "vietqr"
# A webhook line we accept and deliberately do nothing with (money going out). The callback
# view re-wraps errors as plain ValueError, so the prefix, not the type, carries the meaning.
QR_PIXELS = 240  # about this wide on the page, quiet zone included
QR_BORDER = 4  # modules of quiet zone, as ISO 18004 asks


class TransferIgnored(ValueError):
    """A statement line that is not a payment to us (an outgoing transfer)."""


@dataclass(frozen=True)
class Transfer:
    """What the payer's bank app needs, and the QR that carries it."""

    account: PayeeAccount
    purpose: str
    payload: str


def payee_account(order: Order) -> PayeeAccount | None:
    """The account the order's payee receives transfers on: its default one."""
    return (
        PayeeAccount.objects.filter(agency_id=order.payee_id, is_default=True)
        .order_by("id")
        .first()
    )


def transfer_for(attempt: PaymentAttempt) -> Transfer:
    """The transfer an attempt asks for; ProviderError when the payee cannot receive one."""
    order = attempt.order
    account = payee_account(order)
    if account is None:
        raise ProviderError(
            f"agency {order.payee_id} has no default payee account",
            user_message=_(
                "%(agency)s cannot receive bank transfers by QR code yet. Please choose "
                "another way to pay."
            )
            % {"agency": order.payee.display_name},
        )
    # The reference first: a bank that cuts the text short still keeps it.
    purpose = purpose_text(f"{order.reference} {order.description}")
    try:
        payload = vietqr_payload(
            bank_bin=account.bank_bin, account=account.account_number,
            amount=attempt.amount, purpose=purpose, dynamic=True,
        )  # fmt: skip
    except AppError as error:
        raise ProviderError(f"payee account {account.pk}: {error.message}") from error
    return Transfer(account=account, purpose=purpose, payload=payload)


def qr_svg(payload: str, *, label: str) -> str:
    """An inline SVG of the QR: dark on white with its quiet zone, about 240 px wide, named
    for screen readers; no XML declaration, so it can sit inside HTML."""
    qr = segno.make(payload, error="m", micro=False)
    width = qr.symbol_size(scale=1, border=QR_BORDER)[0]
    scale = max(2, round(QR_PIXELS / width))
    svg: str = qr.svg_inline(scale=scale, border=QR_BORDER, dark="#000", light="#fff", title=label)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


def attempt_for_credit(*, candidates: Sequence[str], txn_id: str) -> PaymentAttempt | None:
    """The VietQR attempt a bank credit pays: the first candidate reference that names an
    order with VietQR attempts, then among them the one already holding this transaction
    (a replayed line), else the oldest still open, else the newest failed or expired (money
    arrived late), else the newest succeeded (the order is being paid twice)."""
    if not candidates:
        return None
    orders = dict(Order.objects.filter(reference__in=candidates).values_list("reference", "pk"))
    for reference in candidates:
        if reference not in orders:
            continue
        attempts = list(
            PaymentAttempt.objects.filter(order_id=orders[reference], provider=CODE).order_by(
                "created_at", "id"
            )
        )
        if not attempts:
            continue
        status = PaymentAttempt.Status
        for attempt in attempts:
            if txn_id and attempt.provider_txn_id == txn_id:
                return attempt
        for attempt in attempts:
            if attempt.status == status.CREATED:
                return attempt
        for attempt in reversed(attempts):
            if attempt.status in (status.FAILED, status.EXPIRED):
                return attempt
        return attempts[-1]
    return None


def notice_for_credit(*, txn_id: str, amount: int, texts: Sequence[str]) -> Notice:
    """A notice for money that arrived on a payee account, whichever way we heard of it.
    `texts` are the line's transfer text and any other description, searched in order for
    order references. With no matching attempt the notice names the first candidate (or the
    text itself), so settlement keeps an "unknown order" mismatch for the admins."""
    candidates = list(dict.fromkeys(ref for text in texts for ref in reference_candidates(text)))
    attempt = attempt_for_credit(candidates=candidates, txn_id=txn_id)
    if attempt is not None:
        provider_ref = attempt.provider_ref
    elif candidates:
        provider_ref = candidates[0]
    else:
        provider_ref = clean_line(next((t for t in texts if t.strip()), ""), max_length=64)
    return Notice(
        provider=CODE,
        provider_ref=provider_ref,
        outcome=Outcome.SUCCEEDED,
        amount=amount,
        provider_txn_id=txn_id[:64],
        code="credit",
    )


class VietQRProvider(Provider):
    code = CODE
    name = "VietQR"
    queryable: ClassVar[bool] = False

    def new_ref(self, order: Order) -> str:
        """The order reference, which is what the transfer text carries. The statement is
        matched by the order (`attempt_for_credit`), not by this value, so a later VietQR
        attempt for the same order (the payer came back) takes the reference plus four
        random characters to keep (provider, provider_ref) unique."""
        if PaymentAttempt.objects.filter(provider=CODE, provider_ref=order.reference).exists():
            return order.reference + reference_random(4)
        return order.reference

    def checkout(self, attempt: PaymentAttempt, ctx: StartContext) -> Checkout:
        return Checkout(qr_payload=transfer_for(attempt).payload)

    def attempt_context(self, attempt: PaymentAttempt) -> dict[str, Any]:
        try:
            transfer = transfer_for(attempt)
        except ProviderError:
            return {}  # the account was removed since: the page offers only the status link
        account = transfer.account
        return {
            "qr_svg": qr_svg(transfer.payload, label=_("VietQR code for this payment")),
            "bank_name": bank_name(account.bank_bin),
            "account_number": account.account_number,
            "account_name": account.account_name,
            "purpose": transfer.purpose,
        }

    def callback(self, request: HttpRequest) -> Notice:
        """One line of the payee account's statement, as SePay's webhook posts it:
        `Authorization: Apikey <VIETQR_WEBHOOK_KEY>` and a JSON body with `id`,
        `referenceCode`, `transferType` ("in"/"out"), `transferAmount`, `content`, `code`,
        `description`. Money going out raises TransferIgnored (answered 200, nothing done)."""
        key = settings.VIETQR_WEBHOOK_KEY
        scheme, _sep, given = (request.headers.get("Authorization") or "").strip().partition(" ")
        if (
            not key
            or scheme.lower() != "apikey"
            or not hmac.compare_digest(given.strip().encode(), key.encode())
        ):
            raise BadSignature("vietqr webhook key")
        if request.method != "POST":
            raise ValueError("the statement webhook posts JSON")
        data = json.loads(request.body)  # JSONDecodeError and UnicodeDecodeError: ValueError
        if not isinstance(data, dict):
            raise ValueError("the body is not a JSON object")
        direction = data.get("transferType")
        if direction == "out":
            raise TransferIgnored("outgoing transfer")
        if direction != "in":
            raise ValueError(f"transferType {direction!r}")
        amount = data.get("transferAmount")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise ValueError(f"transferAmount {amount!r}")
        # The bank's own reference, not SePay's id: a CSV statement of the same account shows
        # the bank's, so the same transfer arriving both ways is one ledger transaction.
        txn_id = data.get("referenceCode") or data.get("id")
        if isinstance(txn_id, bool) or not isinstance(txn_id, (str, int)):
            raise ValueError("no transaction id")
        txn_id = str(txn_id).strip()
        if not txn_id or len(txn_id) > 64:
            raise ValueError("transaction id empty or longer than 64")
        texts = [data.get(name) for name in ("content", "code", "description")]
        return notice_for_credit(
            txn_id=txn_id, amount=amount, texts=[t for t in texts if isinstance(t, str)]
        )

    def callback_reply(self, settled: Settled | None, error: Exception | None) -> HttpResponse:
        """SePay retries until it gets 200 with {"success": true}: every line we took in
        (even one we could not match; that is a mismatch for the admins, and retrying would
        not help) gets that. A wrong key gets 401, a malformed body 400."""
        if isinstance(error, BadSignature):
            return JsonResponse({"success": False, "error": "unauthorized"}, status=401)
        if isinstance(error, TransferIgnored):
            return JsonResponse({"success": True, "ignored": str(error)})
        if error is not None:
            return JsonResponse({"success": False, "error": "malformed"}, status=400)
        return JsonResponse({"success": True})


__all__ = ["VietQRProvider", "attempt_for_credit", "notice_for_credit", "qr_svg", "transfer_for"]
