"""The hourly pruning deletes what is past its use, in batches, and nothing else."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from openprovince.accounts.models import ApiToken, PhoneCode, SignInAttempt
from openprovince.accounts.services.api_tokens import api_tokens_issue, api_tokens_refresh
from openprovince.accounts.tasks import prune_signin_records
from openprovince.core import housekeeping
from openprovince.core.errors import AppError
from openprovince.core.idempotency_models import IdempotencyRecord
from openprovince.core.tasks import prune_expired
from openprovince.tasks.registry import schedules

pytestmark = pytest.mark.django_db


def _aged(model, field, ages_days, **values):
    now = timezone.now()
    unique = (lambda n: {"key": f"k-{n:08d}"}) if model is IdempotencyRecord else (lambda n: {})
    rows = [model.objects.create(**values, **unique(n)) for n in range(len(ages_days))]
    for row, days in zip(rows, ages_days, strict=True):
        model.objects.filter(pk=row.pk).update(**{field: now - timedelta(days=days)})
    return rows


def test_expired_sessions_and_week_old_answers_go_in_batches(monkeypatch):
    monkeypatch.setattr(housekeeping, "BATCH", 2)
    now = timezone.now()
    for n, days in enumerate([-1, 1, 2, 3, 40]):  # expiry in a day, or 1…40 days ago
        Session.objects.create(
            session_key=f"s{n:031d}", session_data="x", expire_date=now - timedelta(days=days)
        )
    _aged(IdempotencyRecord, "created_at", [0, 6, 8, 9, 30], scope="user:1", request_hash="h")
    prune_expired()
    assert list(Session.objects.values_list("session_key", flat=True)) == [f"s{0:031d}"]
    kept = IdempotencyRecord.objects.values_list("created_at", flat=True)
    assert len(kept) == 2 and all(now - at < timedelta(days=7) for at in kept)


def test_signin_codes_and_failures_stay_two_days():
    _aged(
        PhoneCode,
        "created_at",
        [0, 1, 3],
        phone="+84912345678",
        code_hash="h",
        expires_at=timezone.now(),
    )
    _aged(SignInAttempt, "at", [0, 3, 10], username="can-bo", kind="password")
    prune_signin_records()
    assert PhoneCode.objects.count() == 2 and SignInAttempt.objects.count() == 1


def test_app_tokens_go_two_days_after_they_expired_and_answers_stay_the_same(
    django_user_model,
):
    user = django_user_model.objects.create_user("app-user")
    first = api_tokens_issue(user=user)
    second = api_tokens_refresh(refresh_token=first.refresh_token)  # same family
    rows = list(ApiToken.objects.order_by("pk"))
    first_rows, second_rows = rows[:2], rows[2:]
    now = timezone.now()
    ApiToken.objects.filter(pk__in=[t.pk for t in first_rows]).update(
        expires_at=now - timedelta(days=3)
    )
    # The new access token expired a day ago: kept, like everything within two days.
    ApiToken.objects.filter(pk=second_rows[0].pk).update(expires_at=now - timedelta(days=1))
    prune_signin_records()
    assert set(ApiToken.objects.values_list("pk", flat=True)) == {t.pk for t in second_rows}
    # The used, expired refresh token is refused as it was before (401, its family untouched).
    with pytest.raises(AppError) as refused:
        api_tokens_refresh(refresh_token=first.refresh_token)
    assert refused.value.status == 401
    assert api_tokens_refresh(refresh_token=second.refresh_token).access_token


def test_both_run_every_hour():
    schedule = {s.name: s.every for s in schedules()}
    assert (
        schedule["core.prune_expired"]
        == schedule["accounts.prune_signin_records"]
        == timedelta(hours=1)
    )
