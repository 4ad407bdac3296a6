"""Opening a case: the first state, a public code, the deadlines, the first event."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from openprovince.accounts.models import Business, User
from openprovince.agencies.models import Agency
from openprovince.core.rows import row_insert
from openprovince.core.text import clean_line
from openprovince.notifications.outbox import notification_enqueue

from ..definitions import workflow_definition_current, workflow_of
from ..models import Case, CaseCodeCounter, CaseEvent
from ..sla import due_after
from ..workflow import Sla
from .notify import case_update_context


def _next_code(*, code_format: str, agency: Agency, kind: str) -> str:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "agency": agency.code,
        "kind": kind,
        "yyMMdd": today.strftime("%y%m%d"),
        "yyyy": today.strftime("%Y"),
    }
    prefix = code_format.split("{seq", 1)[0].format(**values) + "|" + code_format
    for _attempt in range(3):
        seq = _counter_increment(prefix)
        if seq is not None:
            return code_format.format(seq=seq, **values)
        try:  # the first case of the day under this prefix
            with transaction.atomic():
                CaseCodeCounter.objects.create(prefix=prefix)
        except IntegrityError:  # another request made it first: increment theirs
            continue
    raise RuntimeError("could not allocate a case code")


def _counter_increment(prefix: str) -> int | None:
    """One statement: the UPDATE locks the row until the caller's transaction ends, so two
    requests never get the same number (SQLite ≥ 3.35 and PostgreSQL both have RETURNING)."""
    table = connection.ops.quote_name(CaseCodeCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last = last + 1 WHERE prefix = %s RETURNING last",  # noqa: S608
            [prefix],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def case_open(
    *,
    kind: str,
    title: str,
    agency: Agency,
    applicant: User | None = None,
    business: Business | None = None,
    channel: str = Case.Channel.WEB,
    priority: int = Case.Priority.NORMAL,
    note: str = "",
    due_working_days: int | None = None,
) -> Case:
    """Call inside the module's transaction that creates its own record."""
    definition = workflow_definition_current(kind=kind)
    assert definition is not None
    workflow = workflow_of(definition)
    now = timezone.now()
    start = workflow.start
    # No savepoint: nothing here catches an error and carries on, so the caller's transaction
    # (or this one, when called outside any) is enough.
    with transaction.atomic(savepoint=False):
        case = Case(
            code=_next_code(code_format=workflow.code_format, agency=agency, kind=kind),
            kind=kind,
            definition=definition,
            title=clean_line(title, max_length=200),
            state=start.code,
            agency=agency,
            applicant=applicant,
            business=business,
            channel=channel,
            priority=priority,
            state_entered_at=now,
            state_due_at=due_after(now, start.sla),
            # A module may set the overall deadline per case (e.g. per report category).
            due_at=due_after(
                now, Sla(working_days=due_working_days) if due_working_days else workflow.sla
            ),
        )
        row_insert(case)
        row_insert(
            CaseEvent(
                case=case,
                actor=applicant,
                actor_label=applicant.shown_name if applicant else "",
                action="open",
                to_state=start.code,
                note=note[:5000],
            )
        )
        if applicant is not None:
            notification_enqueue(
                recipient=applicant,
                event="case.updated",
                context=case_update_context(case, workflow),
                link=f"/me/requests/{case.public_id}/",
            )
    return case
