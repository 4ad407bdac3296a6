"""Hourly: sign-in codes and failed sign-in attempts older than every limit that counts them
are deleted (the longest window, codes per phone per day, is one day), and app tokens two
days after they expired. An expired token is refused whatever its row says, and a reused
refresh token revokes only the unexpired tokens of its family, so deleting it changes no
answer; without this every refresh (each 15 minutes of app use) left two rows forever."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from openprovince.core.housekeeping import delete_in_batches
from openprovince.tasks import periodic, task

from .models import ApiToken, PhoneCode, SignInAttempt

KEEP = timedelta(days=2)


@periodic(every=timedelta(hours=1))
@task(name="accounts.prune_signin_records", max_attempts=1)
def prune_signin_records() -> None:
    since = timezone.now() - KEEP
    delete_in_batches(PhoneCode.objects.filter(created_at__lt=since))
    delete_in_batches(SignInAttempt.objects.filter(at__lt=since))
    delete_in_batches(ApiToken.objects.filter(expires_at__lt=since))
