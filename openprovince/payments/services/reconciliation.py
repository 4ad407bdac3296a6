"""Settling what no callback settled: ask the providers about attempts still open, expire
what nobody paid, and tell the payments admins about new mismatches.

Run every few minutes by the `payments.reconcile` periodic task; safe to run twice at once
(each settlement locks its attempt; expiry is a conditional update).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from openprovince.notifications.outbox import notification_enqueue

from ..models import Mismatch, Order, PaymentAttempt
from ..providers.base import Outcome, ProviderError, Settled
from ..providers.registry import provider_get
from .settlement import payment_settle

log = logging.getLogger(__name__)

# A callback normally arrives within seconds; ask only after this.
QUERY_AFTER = timedelta(minutes=5)
# After this, a provider that still says "pending" is not asked again: the attempt expires.
GIVE_UP_AFTER = timedelta(days=2)
BATCH = 200


@dataclass
class Reconciled:
    queried: int = 0
    settled: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    attempts_expired: int = 0
    orders_expired: int = 0
    mismatches_reported: int = 0


def payments_reconcile(*, now: datetime | None = None) -> Reconciled:
    now = now or timezone.now()
    result = Reconciled()
    open_attempts = PaymentAttempt.objects.filter(
        status=PaymentAttempt.Status.CREATED, created_at__lte=now - QUERY_AFTER
    ).order_by("queried_at", "created_at")[:BATCH]
    for attempt in open_attempts:
        _reconcile_attempt(attempt, now, result)
    result.orders_expired = Order.objects.filter(
        status=Order.Status.PENDING, expires_at__lte=now
    ).update(status=Order.Status.EXPIRED, updated_at=now)
    result.mismatches_reported = _report_mismatches()
    return result


def _reconcile_attempt(attempt: PaymentAttempt, now: datetime, result: Reconciled) -> None:
    try:
        provider = provider_get(attempt.provider)
    except KeyError:
        provider = None
    if provider is not None and provider.can_query(attempt):
        PaymentAttempt.objects.filter(pk=attempt.pk).update(
            queried_at=now, queries=attempt.queries + 1
        )
        result.queried += 1
        try:
            notice = provider.query(attempt)
        except ProviderError as error:
            log.warning("payments: %s query for %s failed: %s", attempt.provider,
                        attempt.provider_ref, error)  # fmt: skip
            result.errors += 1
            return
        settled = payment_settle(notice=notice, source="query")
        result.settled[settled.value] = result.settled.get(settled.value, 0) + 1
        if settled is not Settled.IGNORED or notice.outcome is not Outcome.PENDING:
            return
    # Not queryable (VietQR waits for the statement) or still pending at the provider.
    expire_before = now - GIVE_UP_AFTER
    result.attempts_expired += PaymentAttempt.objects.filter(
        Q(created_at__lte=expire_before) | Q(order__expires_at__lte=expire_before),
        pk=attempt.pk,
        status=PaymentAttempt.Status.CREATED,
    ).update(status=PaymentAttempt.Status.EXPIRED, settled_at=now)


def _report_mismatches() -> int:
    """Tell every payments admin once about each mismatch not yet reported."""
    fresh = list(Mismatch.objects.filter(reported_at__isnull=True)[:BATCH])
    if not fresh:
        return 0
    admins = list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__codename="change_mismatch")
            | Q(groups__permissions__codename="change_mismatch")
        )
        .distinct()
    )
    for mismatch in fresh:
        for admin in admins:
            notification_enqueue(
                recipient=admin,
                event="payments.mismatch",
                context={
                    "kind": mismatch.get_kind_display(),
                    "provider": mismatch.provider,
                    "reference": mismatch.provider_ref,
                    "amount": mismatch.amount,
                    "link": reverse("admin:payments_mismatch_change", args=[mismatch.pk]),
                },
            )
        mismatch.reported_at = timezone.now()
        mismatch.save(update_fields=["reported_at"])
    return len(fresh)
