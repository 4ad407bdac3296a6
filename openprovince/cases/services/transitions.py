"""The one way a case changes state (DESIGN §4.2): lock the row, check state and role, write
the event, recompute the deadlines, queue notifications — all in one transaction."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.accounts.models import BusinessMember, User
from openprovince.accounts.rules import RANK, rank_in
from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError, NotFound, PermissionDenied
from openprovince.notifications.outbox import notification_enqueue

from ..definitions import workflow_by_id
from ..hooks import run_transition_hooks
from ..models import Case, CaseEvent
from ..sla import due_after, due_from_remaining, remaining_seconds
from ..workflow import Action, Workflow
from .notify import case_update_context


def _is_applicant(user: User, case: Case) -> bool:
    if case.applicant_id == user.pk:
        return True
    return bool(
        case.business_id
        and BusinessMember.objects.filter(
            business_id=case.business_id, user=user, status=BusinessMember.Status.ACTIVE
        ).exists()
    )


def action_allowed(*, user: User, case: Case, action: Action) -> bool:
    """The citizen for citizen actions; officials whose rank on the case's agency reaches the
    lowest role the action lists (an approver may do what a handler may)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if action.citizen and _is_applicant(user, case):
        return True
    if not action.roles:
        return False
    return rank_in(user, case.agency) >= min(RANK[role] for role in action.roles)


def actions_available(*, user: User, case: Case) -> list[Action]:
    workflow = workflow_by_id(case.definition_id)
    return [
        a
        for a in workflow.actions_from(case.state)
        if action_allowed(user=user, case=case, action=a)
    ]


def _changed() -> AppError:
    return AppError(
        "cases.changed",
        _("Someone changed this case a moment ago. Reload the page to see it."),
        status=409,
    )


def case_transition(
    *,
    case_id: int,
    action: str,
    actor: User | None,
    note: str = "",
    attachment_ids: tuple[int, ...] = (),
    expected_version: int | None = None,
    request: HttpRequest | None = None,
    system: bool = False,
) -> Case:
    """`actor=None, system=True` is the platform itself (a periodic rule, e.g. closing a fixed
    report nobody contested): no permission check, the event says "system"."""
    if actor is None and not system:
        raise ValueError("a transition needs an actor, or system=True")
    note = note.strip()[:5000]
    with transaction.atomic():
        try:
            case = Case.objects.select_for_update().select_related("agency").get(pk=case_id)
        except Case.DoesNotExist:
            raise NotFound("cases.not_found", _("This case does not exist.")) from None
        if expected_version is not None and case.version != expected_version:
            raise _changed()
        workflow = workflow_by_id(case.definition_id)
        chosen = workflow.actions.get(action)
        if chosen is None or case.state not in chosen.sources:
            raise AppError(
                "cases.wrong_state",
                _("This step is not possible in the case's current state."),
                status=409,
            )
        denied = actor is not None and not action_allowed(user=actor, case=case, action=chosen)
        if not denied:
            _take(case, workflow, chosen, actor, note, attachment_ids, request)
    if denied:
        # Outside the transaction, so the refusal stays in the audit log.
        audit_record(
            action="case.denied",
            request=request,
            actor=actor,
            success=False,
            target=case,
            agency_code=case.agency.code,
            details={"step": action},
        )
        raise PermissionDenied("cases.not_allowed", _("You may not take this step."))
    return case


def _take(
    case: Case,
    workflow: Workflow,
    chosen: Action,
    actor: User | None,
    note: str,
    attachment_ids: tuple[int, ...],
    request: HttpRequest | None,
) -> None:
    """The allowed step itself, inside the caller's transaction."""
    if chosen.note_required and not note:
        raise AppError(
            "cases.note_required",
            _("Write a note for this step."),
            fields={"note": [_("Required.")]},
        )
    if chosen.attachment_required and not attachment_ids:
        raise AppError(
            "cases.attachment_required",
            _("Attach a file for this step."),
            fields={"attachment": [_("Required.")]},
        )
    previous = case.state
    _move(case, workflow, chosen)
    run_transition_hooks(case, chosen)
    CaseEvent.objects.create(
        case=case,
        actor=actor,
        actor_label=actor.shown_name if actor is not None else "",
        action=chosen.code,
        from_state=previous,
        to_state=chosen.to,
        note=note,
        is_public=chosen.public,
        data={"attachments": list(attachment_ids)},
    )
    if attachment_ids:
        case.attachments.filter(pk__in=attachment_ids, is_internal=False).update(
            is_internal=not chosen.public
        )
    actor_id = actor.pk if actor is not None else None
    if chosen.public and case.applicant is not None and case.applicant_id != actor_id:
        notification_enqueue(
            recipient=case.applicant,
            event="case.updated",
            context=case_update_context(case, workflow),
            link=f"/me/requests/{case.public_id}/",
        )
    if actor is None or not _is_applicant(actor, case):
        audit_record(
            action=f"case.{chosen.code}",
            request=request,
            actor=actor,
            target=case,
            agency_code=case.agency.code,
            details={"from": previous, "to": chosen.to},
        )


def _move(case: Case, workflow: Workflow, action: Action) -> None:
    """Change state and recompute the clocks (pausing, resuming, closing)."""
    now = timezone.now()
    leaving, entering = workflow.states[case.state], workflow.states[action.to]
    if leaving.pauses_clock and not entering.pauses_clock and case.paused_at:
        case.due_at = due_from_remaining(now, case.remaining_seconds)
        case.paused_at, case.remaining_seconds = None, None
    if entering.pauses_clock and not leaving.pauses_clock:
        case.remaining_seconds = remaining_seconds(now, case.due_at)
        case.paused_at = now
    case.state, case.state_entered_at = entering.code, now
    case.state_due_at = None if entering.pauses_clock else due_after(now, entering.sla)
    if entering.terminal:
        case.closed_at, case.state_due_at = now, None
    case.version += 1
    case.save(
        update_fields=[
            "state",
            "state_entered_at",
            "state_due_at",
            "due_at",
            "paused_at",
            "remaining_seconds",
            "closed_at",
            "version",
            "updated_at",
        ]
    )


def case_assign(
    *, case_id: int, assignee: User | None, actor: User, request: HttpRequest | None = None
) -> Case:
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("agency").get(pk=case_id)
        if rank_in(actor, case.agency) < RANK["handler"] or (
            assignee is not None and rank_in(assignee, case.agency) < RANK["handler"]
        ):
            audit_record(
                action="case.assign",
                request=request,
                actor=actor,
                success=False,
                target=case,
                agency_code=case.agency.code,
            )
            raise PermissionDenied("cases.not_allowed", _("You may not assign this case."))
        case.assignee = assignee
        case.version += 1
        case.save(update_fields=["assignee", "version", "updated_at"])
        CaseEvent.objects.create(
            case=case,
            actor=actor,
            actor_label=actor.shown_name,
            action="assign",
            is_public=False,
            data={"assignee": assignee.get_username() if assignee else None},
        )
        audit_record(
            action="case.assign",
            request=request,
            actor=actor,
            target=case,
            agency_code=case.agency.code,
            details={"assignee": assignee.get_username() if assignee else None},
        )
    return case
