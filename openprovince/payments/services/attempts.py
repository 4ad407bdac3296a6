"""Starting a payment: an attempt at one provider for a pending order."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.core.errors import AppError

from ..models import Order, PaymentAttempt
from ..providers.base import Checkout, Provider, ProviderError, StartContext


def attempt_start(
    *, order: Order, provider: Provider, ctx: StartContext
) -> tuple[PaymentAttempt, Checkout]:
    """A new attempt and how the payer goes on. The attempt is saved before the provider is
    asked, so a callback that arrives before we hear back from the provider finds it."""
    if order.status != Order.Status.PENDING:
        raise AppError("payments.not_pending", _("This order is no longer waiting for payment."))
    if order.expires_at <= timezone.now():
        raise AppError("payments.expired", _("This order has expired. Please start again."))
    attempt = None
    for _try in range(3):
        try:
            with transaction.atomic():
                attempt = PaymentAttempt.objects.create(
                    order=order,
                    provider=provider.code,
                    provider_ref=provider.new_ref(order),
                    amount=order.amount,
                )
            break
        except IntegrityError:
            continue
    if attempt is None:
        raise RuntimeError("could not draw a unique attempt reference")
    try:
        checkout = provider.checkout(attempt, ctx)
    except AppError:  # the provider refused the order itself (e.g. an amount over its limit)
        _close(attempt, "refused")
        raise
    except ProviderError as error:
        _close(attempt, "start")
        message = error.user_message or _(
            "%(provider)s is not answering. Please try again or choose another way to pay."
        ) % {"provider": provider.name}
        raise AppError("payments.provider_unavailable", message, status=503) from error
    return attempt, checkout


def _close(attempt: PaymentAttempt, code: str) -> None:
    PaymentAttempt.objects.filter(pk=attempt.pk, status=PaymentAttempt.Status.CREATED).update(
        status=PaymentAttempt.Status.FAILED, result_code=code, settled_at=timezone.now()
    )


PROVIDER_ORDER_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def attempt_provider_order_set(*, attempt: PaymentAttempt, order_id: str) -> bool:
    """Keep the provider's id of the order the payer's app created (Zalo Checkout's orderId,
    reported by the mini app after `createOrder`), so reconciliation can ask about the
    attempt if the callback never comes. The first id reported stays; it is never believed
    on its own (the status answer must carry our reference). True when it was stored now."""
    order_id = order_id.strip()
    if not PROVIDER_ORDER_ID.fullmatch(order_id):
        raise AppError("payments.order_id_invalid", _("This is not an order id of the provider."))
    with transaction.atomic():
        attempt = PaymentAttempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.provider != "zalo_checkout":
            raise AppError("payments.order_id_unused", _("This way of paying needs no order id."))
        if attempt.provider_order_id:
            if attempt.provider_order_id == order_id:
                return False
            raise AppError(
                "payments.order_id_known",
                _("Another order id was reported for this payment already."),
                status=409,
            )
        if attempt.status != PaymentAttempt.Status.CREATED:
            return False  # settled meanwhile: nothing left to ask
        attempt.provider_order_id = order_id
        attempt.save(update_fields=["provider_order_id"])
    return True
