"""Background delivery of the outbox: soon after each commit that wrote messages, and every
30 seconds for retries and for anything whose first delivery task was lost."""

from __future__ import annotations

from datetime import timedelta

from openprovince.tasks import periodic, task

from .outbox import DELIVER_TASK, outbox_deliver_due

BATCH = 100
MAX_BATCHES = 20  # then let the worker run other tasks; the next turn continues


@periodic(every=timedelta(seconds=30))
@task(name=DELIVER_TASK, max_attempts=1)  # the outbox keeps its own per-message retries
def deliver_due() -> None:
    for _ in range(MAX_BATCHES):
        if outbox_deliver_due(limit=BATCH) < BATCH:
            break
