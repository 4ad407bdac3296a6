"""Hourly: sign-in codes and failed sign-in attempts older than every limit that counts them
are deleted (the longest window, codes per phone per day, is one day)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from openprovince.core.housekeeping import delete_in_batches
from openprovince.tasks import periodic, task

from .models import PhoneCode, SignInAttempt

KEEP = timedelta(days=2)


@periodic(every=timedelta(hours=1))
@task(name="accounts.prune_signin_records", max_attempts=1)
def prune_signin_records() -> None:
    since = timezone.now() - KEEP
    delete_in_batches(PhoneCode.objects.filter(created_at__lt=since))
    delete_in_batches(SignInAttempt.objects.filter(at__lt=since))
