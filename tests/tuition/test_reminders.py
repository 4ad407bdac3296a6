"""Reminders before the due date: the family whose verified phone the school has is told (in
the app; by SMS only with an account and consent); paid bills, later bills and families
without an account get nothing; a second run sends nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from openprovince.accounts.models import ConsentPurpose
from openprovince.accounts.services.privacy import consent_give
from openprovince.notifications.models import DevSmsMessage, InAppNotification, OutboxMessage
from openprovince.tasks.registry import schedules, task_spec
from openprovince.tuition.models import TuitionBill
from openprovince.tuition.services.paying import bills_mark_paid, bills_pay
from openprovince.tuition.services.reminders import bills_remind, bills_remind_report
from tests.conftest import make_agency

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# Five days before HK1's due date (30/12/2026); HK2 is due in May 2027.
NOW = datetime(2026, 12, 25, 9, 0, tzinfo=HCM)
PHONE = "+84912345678"  # HS001's parent in the conftest file


@pytest.fixture
def parent(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user(
        "phuhuynh", phone=PHONE, phone_verified_at=timezone.now(), display_name="Phụ huynh An"
    )


def _bill(code: str, term: str = "HK1 2026-2027") -> TuitionBill:
    return TuitionBill.objects.get(student_code=code, term=term)


def test_given_a_parent_account_with_the_phone_then_only_the_bill_due_soon_is_reminded(
    bills: Any, parent: Any
) -> None:
    report = bills_remind_report(within_days=7, now=NOW)

    assert report.notified == 1
    assert report.unreachable == 1  # HS002 has no parent phone
    note = InAppNotification.objects.get(user=parent)
    assert note.event == "tuition.reminder" and note.link == "/tuition/"
    assert "30/12/2026" in note.title and "Nguyễn Văn An" in note.body
    assert "1.500.000" in note.body  # HK1 only: HK2 is due later
    assert _bill("HS001").reminded_at == NOW
    assert _bill("HS001", "HK2 2026-2027").reminded_at is None
    assert _bill("HS002").reminded_at is None


def test_given_a_second_run_the_same_day_or_within_three_days_then_nothing_is_sent(
    bills: Any, parent: Any
) -> None:
    assert bills_remind(now=NOW) == 1
    assert bills_remind(now=NOW + timedelta(hours=1)) == 0
    assert bills_remind(now=NOW + timedelta(days=2)) == 0
    assert InAppNotification.objects.filter(user=parent).count() == 1
    assert bills_remind(now=NOW + timedelta(days=3)) == 1  # still unpaid: once more
    assert InAppNotification.objects.filter(user=parent).count() == 2


def test_given_a_paid_bill_or_one_due_later_then_no_reminder(bills: Any, parent: Any) -> None:
    order = bills_pay(bills=[_bill("HS001")])
    bills_mark_paid(order)

    assert bills_remind(within_days=7, now=NOW) == 0
    assert not InAppNotification.objects.filter(user=parent).exists()
    later = datetime(2027, 5, 25, 9, 0, tzinfo=HCM)
    assert bills_remind(within_days=7, now=later) == 1  # HK2, once its due date comes near


def test_given_a_bill_already_past_its_due_date_then_no_reminder(bills: Any, parent: Any) -> None:
    assert bills_remind(within_days=7, now=NOW + timedelta(days=6)) == 0


def test_given_no_account_or_an_unverified_phone_then_no_message_and_not_reachable(
    bills: Any, django_user_model: Any, settings: Any
) -> None:
    settings.SMS_BACKEND, settings.SMS_DEV_INBOX = "console", True
    django_user_model.objects.create_user("chua-xac-minh", phone=PHONE)  # never verified

    report = bills_remind_report(now=NOW)

    assert (report.notified, report.unreachable) == (0, 2)
    assert not InAppNotification.objects.exists() and not OutboxMessage.objects.exists()
    assert not DevSmsMessage.objects.exists()  # no SMS to a bare number: no consent
    assert _bill("HS001").reminded_at is None  # reminded once the parent has an account


def test_given_a_consenting_parent_then_an_sms_is_queued_for_that_account_only(
    bills: Any, parent: Any, settings: Any
) -> None:
    settings.NOTIFY_CHANNELS = ["sms"]
    consent_give(user=parent, purpose=ConsentPurpose.objects.get(code="notify-by-zalo-sms"))

    bills_remind(now=NOW)

    sms = OutboxMessage.objects.get()
    assert sms.recipient == parent and sms.channel == "sms" and sms.event == "tuition.reminder"
    assert "/tuition/" in sms.body


def test_given_a_school_then_only_its_bills_are_reminded(
    school: Any, bills: Any, parent: Any
) -> None:
    other = make_agency("TN.THB", parent=school.parent, type_code="school", name="Trường B")
    assert bills_remind(school=other, now=NOW) == 0
    assert bills_remind(school=school, now=NOW) == 1


def test_the_daily_task_is_scheduled() -> None:
    assert task_spec("tuition.remind") is not None
    assert any(s.name == "tuition.remind" and s.every == timedelta(days=1) for s in schedules())
