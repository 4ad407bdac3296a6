"""Hourly: expired sessions and stored idempotent answers past their use are deleted.
Daily: stored files no row names (core.uploads.sweeping) are deleted."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

from openprovince.tasks import periodic, task

from .housekeeping import delete_in_batches
from .idempotency import KEEP_ANSWERS
from .idempotency_models import IdempotencyRecord
from .uploads.sweeping import uploads_sweep


@periodic(every=timedelta(hours=1))
@task(name="core.prune_expired", max_attempts=1)  # the next run deletes what this one missed
def prune_expired() -> None:
    now = timezone.now()
    delete_in_batches(Session.objects.filter(expire_date__lt=now))
    delete_in_batches(IdempotencyRecord.objects.filter(created_at__lt=now - KEEP_ANSWERS))


@periodic(every=timedelta(days=1))
@task(name="core.sweep_uploads", max_attempts=1)  # tomorrow's run finds what this one missed
def sweep_uploads() -> None:
    uploads_sweep()
