"""The periodic check: apply escalation rules to overdue cases (overdue itself is derived)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from openprovince.accounts.models import RoleAssignment
from openprovince.core.audit import audit_record
from openprovince.core.working_time import working_calendar_current, working_seconds_between
from openprovince.notifications.outbox import notification_enqueue

from ..definitions import workflow_by_id
from ..models import Case, CaseEvent
from .notify import case_update_context


def _full_day_seconds() -> int:
    """Working seconds in a full day, from the configured morning and afternoon."""
    calendar = working_calendar_current()
    return (calendar.morning[1] - calendar.morning[0]) + (
        calendar.afternoon[1] - calendar.afternoon[0]
    )


def cases_escalate_overdue(*, now: datetime | None = None, limit: int = 500) -> int:
    """Apply each case's next due escalation rule; returns how many rules were applied."""
    now = now or timezone.now()
    applied = 0
    candidates = (
        Case.objects.filter(closed_at__isnull=True, paused_at__isnull=True, due_at__lt=now)
        .order_by("due_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in list(candidates):
        with transaction.atomic():
            case = Case.objects.select_for_update().select_related("agency").get(pk=pk)
            if case.closed_at or case.paused_at or not case.due_at or case.due_at >= now:
                continue
            workflow = workflow_by_id(case.definition_id)
            overdue_days = working_seconds_between(case.due_at, now) // _full_day_seconds()
            for level, rule in enumerate(workflow.escalations, start=1):
                if level <= case.escalation_level or overdue_days < rule.overdue_days:
                    continue
                _apply(case, rule.do, level, int(overdue_days))
                case.escalation_level = level
                applied += 1
            case.save(update_fields=["escalation_level", "agency", "version", "updated_at"])
    return applied


def _apply(case: Case, what: str, level: int, overdue_days: int) -> None:
    if what == "move_to_parent" and case.agency.parent_id:
        old = case.agency
        case.agency = old.parent  # type: ignore[assignment]
        case.version += 1
        CaseEvent.objects.create(
            case=case,
            action="escalate",
            is_public=False,
            data={
                "level": level,
                "moved_from": old.code,
                "moved_to": case.agency.code,
                "overdue_days": overdue_days,
            },
        )
        audit_record(
            action="case.escalate",
            target=case,
            agency_code=case.agency.code,
            details={"moved_from": old.code, "level": level},
        )
    else:
        CaseEvent.objects.create(
            case=case,
            action="escalate",
            is_public=False,
            data={"level": level, "notified": True, "overdue_days": overdue_days},
        )
    recipients = (
        [case.assignee]
        if case.assignee_id
        else [
            ra.user
            for ra in RoleAssignment.objects.filter(
                agency=case.agency, role__in=["handler", "approver", "agency_admin"]
            ).select_related("user")[:20]
        ]
    )
    context = {**case_update_context(case, workflow_by_id(case.definition_id)), "overdue": True}
    for user in recipients:
        if user is not None:
            notification_enqueue(
                recipient=user,
                event="case.overdue",
                context=context,
                link=f"/office/cases/{case.public_id}/",
            )
