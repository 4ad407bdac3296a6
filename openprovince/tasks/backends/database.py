"""The `embedded` backend: a table in the project's own database, no other server.

A claim is one short transaction: PostgreSQL skips rows other workers hold
(`FOR UPDATE SKIP LOCKED`); SQLite's IMMEDIATE transactions (config/env.py) take the write lock
at BEGIN, so two claims never interleave. Enqueueing inside a transaction is transactional:
the row exists only if the caller's transaction commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import QueuedTask
from .base import Job


class DatabaseBackend:
    def enqueue(self, job: Job, *, run_after: datetime | None) -> None:
        row = QueuedTask.objects.create(
            name=job.name, queue=job.queue, kwargs=job.kwargs, run_after=run_after or timezone.now()
        )
        job.id = str(row.pk)

    def claim(self, *, queues: Sequence[str], now: datetime) -> Job | None:
        lease = timedelta(seconds=settings.TASKS_VISIBILITY_TIMEOUT)
        with transaction.atomic():
            row = (
                QueuedTask.objects.select_for_update(skip_locked=True)
                .filter(queue__in=list(queues))
                .filter(
                    Q(status=QueuedTask.Status.QUEUED, run_after__lte=now)
                    | Q(status=QueuedTask.Status.RUNNING, lease_until__lt=now)
                )
                .order_by("run_after", "id")
                .first()
            )
            if row is None:
                return None
            row.status = QueuedTask.Status.RUNNING
            row.lease_until = now + lease
            row.attempts += 1
            row.save(update_fields=["status", "lease_until", "attempts"])
        return Job(
            id=str(row.pk),
            name=row.name,
            kwargs=row.kwargs,
            queue=row.queue,
            attempts=row.attempts,
            receipt=row.attempts,
        )

    def _mine(self, job: Job) -> Q:
        # The attempt count fences a late worker off a job another worker took over.
        return Q(pk=int(job.id), attempts=job.receipt, status=QueuedTask.Status.RUNNING)

    def complete(self, job: Job) -> None:
        QueuedTask.objects.filter(self._mine(job)).delete()

    def retry(self, job: Job, *, run_after: datetime, error: str) -> None:
        QueuedTask.objects.filter(self._mine(job)).update(
            status=QueuedTask.Status.QUEUED, run_after=run_after, lease_until=None, last_error=error
        )

    def fail(self, job: Job, *, error: str) -> None:
        QueuedTask.objects.filter(self._mine(job)).update(
            status=QueuedTask.Status.FAILED, lease_until=None, last_error=error
        )
