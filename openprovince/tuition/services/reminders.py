"""Reminders before a bill's due date, through the notification outbox.

Who is told: the account whose verified phone is the bill's parent phone (in the app, and by
SMS or Zalo when that person consented). A phone with no such account is NOT sent an SMS:
the consent rule (docs/identity.md, docs/notifications.md) needs a consenting account, and a
number typed into a school spreadsheet is not consent. Those bills are "not reachable" and are
left for the school to call; their `reminded_at` stays empty so that a parent who signs up
later is reminded on the next run.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from openprovince.accounts.models import User
from openprovince.agencies.models import Agency
from openprovince.notifications.outbox import notification_enqueue

from ..models import TuitionBill

log = logging.getLogger("openprovince.tuition")
EVENT = "tuition.reminder"
LINK = "/tuition/"
QUIET_DAYS = 3  # a bill is reminded at most once in this many days
MAX_WITHIN_DAYS = 60


@dataclass
class RemindReport:
    notified: int = 0  # bills whose family was told
    unreachable: int = 0  # bills with no phone, or no account with a verified phone


def bills_remind(
    *, school: Agency | None = None, within_days: int = 7, now: datetime | None = None
) -> int:
    """Remind families of unpaid bills due within `within_days` (today included); returns the
    number of bills reminded. A second run within QUIET_DAYS sends nothing."""
    return bills_remind_report(school=school, within_days=within_days, now=now).notified


def bills_remind_report(
    *, school: Agency | None = None, within_days: int = 7, now: datetime | None = None
) -> RemindReport:
    now = now or timezone.now()
    within_days = max(0, min(within_days, MAX_WITHIN_DAYS))
    today = timezone.localdate(now)
    due = TuitionBill.objects.filter(
        status=TuitionBill.Status.UNPAID,
        due_date__gte=today,
        due_date__lte=today + timedelta(days=within_days),
    ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - timedelta(days=QUIET_DAYS)))
    if school is not None:
        due = due.filter(school=school)
    report = RemindReport()
    school_ids = sorted(set(due.values_list("school_id", flat=True)))
    for school_id in school_ids:
        # One transaction per school: a failure elsewhere does not undo what was sent here.
        _remind_school(due.filter(school_id=school_id), now=now, report=report)
    return report


def _remind_school(due: QuerySet[TuitionBill], *, now: datetime, report: RemindReport) -> None:
    with transaction.atomic():
        # The lock re-checks the filter: a concurrent run (the daily task and a manual one)
        # waits here and then finds these bills already reminded.
        bills = list(due.select_for_update().select_related("school").order_by("due_date", "pk"))
        by_phone: dict[str, list[TuitionBill]] = defaultdict(list)
        for bill in bills:
            if bill.guardian_phone:
                by_phone[bill.guardian_phone].append(bill)
            else:
                report.unreachable += 1
        users = {
            u.phone: u
            for u in User.objects.filter(
                phone__in=list(by_phone),
                phone_verified_at__isnull=False,
                is_active=True,
                anonymised_at__isnull=True,
            )
        }
        reminded: list[int] = []
        for phone, group in by_phone.items():
            user = users.get(phone)
            if user is None:
                report.unreachable += len(group)
                continue
            notification_enqueue(recipient=user, event=EVENT, context=_context(group), link=LINK)
            reminded += [b.pk for b in group]
        if reminded:
            TuitionBill.objects.filter(pk__in=reminded).update(reminded_at=now)
            report.notified += len(reminded)
    if bills:
        log.info("tuition reminders for school %s: %d bills", bills[0].school.code, len(reminded))


def _context(group: list[TuitionBill]) -> dict[str, object]:
    """One message per family and school, however many children and terms are due."""
    students = sorted({b.student_name for b in group})
    first_due = min(b.due_date for b in group)
    return {
        "school_name": group[0].school.name,
        "students": ", ".join(students),
        "count": len(group),
        "total": sum(b.amount for b in group),
        "due_date": first_due.strftime("%d/%m/%Y"),
    }
