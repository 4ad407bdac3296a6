"""Webhook deliveries (an outbox row each, retried with backoff)."""

from __future__ import annotations

from openprovince.tasks import task

from .webhooks.delivery import MAX_ATTEMPTS, webhook_deliver


@task(name="dossiers.webhook_deliver", max_attempts=MAX_ATTEMPTS)
def deliver(*, delivery_id: int) -> None:
    webhook_deliver(delivery_id=delivery_id)
