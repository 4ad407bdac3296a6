"""Reconciliation every five minutes (docs/payments.md)."""

from __future__ import annotations

import logging
from datetime import timedelta

from openprovince.tasks import periodic, task

from .services.reconciliation import payments_reconcile

log = logging.getLogger(__name__)


@periodic(every=timedelta(minutes=5))
@task(name="payments.reconcile", max_attempts=1)  # the next turn picks up what this one left
def reconcile() -> None:
    result = payments_reconcile()
    if result.queried or result.orders_expired or result.mismatches_reported:
        log.info("payments reconciled: %s", result)
