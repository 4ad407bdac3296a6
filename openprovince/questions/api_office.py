"""JSON API for officials' work on questions (`/api/v1/office/questions…`): the question with
its asker and draft answer, and the steps (answer, approve, return, forward, merge, reject);
answer templates. Office browser sessions only (second factor done); see
docs/questions-api.md."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.decorators import decorate_view

from openprovince.accounts.api import office_session, private
from openprovince.accounts.models import User
from openprovince.accounts.phone import phone_display
from openprovince.accounts.rules import agencies_visible_to, can_handle, is_official
from openprovince.accounts.services.privacy import consent_active
from openprovince.agencies.models import Agency
from openprovince.cases.selectors import case_for_official
from openprovince.cases.services.transitions import actions_available
from openprovince.cases.timeline_data import case_timeline_data
from openprovince.core.errors import AppError, PermissionDenied
from openprovince.core.text import clean_line, parse_uuid

from .api import (
    agency_ref,
    linked_question,
    links_of,
    not_found,
    procedures_of,
    state_name,
    topic_ref,
)
from .models import AnswerTemplate, Question
from .schemas import (
    AnswerIn,
    ForwardIn,
    MergeIn,
    OfficeQuestionOut,
    RejectIn,
    ReturnIn,
    TemplateOut,
    VersionIn,
)
from .selectors import question_merge_target, topics_active
from .services.answering import (
    question_answer,
    question_approve,
    question_forward,
    question_merge,
    question_reject,
    question_return,
)

router = Router(tags=["questions (office)"])

SHARE_PHONE = "share-phone-with-handler"
MAX_REASON = 500
# Workflow steps and the endpoint that takes each (the others, like "take", are office-page
# steps). Handlers "submit_answer" and approvers "answer": both are POST …/answer.
ENDPOINT_OF = {
    "submit_answer": "answer",
    "answer": "answer",
    "approve": "approve",
    "return": "return",
    "mark_duplicate": "merge",
    "reject": "reject",
}


# --- Shaping and lookups ---------------------------------------------------------------------


def _asker(applicant: User | None) -> dict[str, Any] | None:
    if applicant is None:
        return None
    phone = applicant.phone or ""
    shares = bool(phone) and consent_active(user=applicant, purpose_code=SHARE_PHONE)
    return {"name": applicant.shown_name, "phone": phone_display(phone) if shares else None}


def _actions(question: Question, user: User) -> list[dict[str, Any]]:
    case = question.case
    available = actions_available(user=user, case=case)
    codes = {a.code for a in available}
    result: dict[str, dict[str, Any]] = {}
    for action in available:
        endpoint = ENDPOINT_OF.get(action.code)
        if endpoint is None or endpoint in result:
            continue
        if action.code == "submit_answer" and "answer" in codes:
            continue  # an approver publishes at once
        result[endpoint] = {
            "code": endpoint,
            "name": action.display_name,
            "note_required": action.note_required,
        }
    if case.closed_at is None and can_handle(user, case.agency):
        result["forward"] = {
            "code": "forward",
            "name": _("Forward to another agency"),
            "note_required": True,
        }
    return list(result.values())


def _code(question: Question | None) -> str | None:
    return str(question.case.public_id) if question is not None else None


def _office(question: Question, user: User) -> dict[str, Any]:
    case = question.case
    return {
        "id": str(case.public_id),
        "code": case.code,
        "title": question.title,
        "body": question.body,
        "topic": topic_ref(question),
        "status": question.status,
        "state": case.state,
        "state_name": state_name(case),
        "version": case.version,
        "agency": agency_ref(case.agency),
        "ward": agency_ref(question.ward),
        "assignee": case.assignee.shown_name if case.assignee else None,
        "channel": case.channel,
        "is_public": question.is_public,
        "published": question.published,
        "asker": _asker(case.applicant),
        "answer": question.answer,
        "answer_by": question.answer_by.shown_name if question.answer_by else None,
        "procedures": procedures_of(question),
        "links": links_of(question),
        "duplicate_of": _code(linked_question(question.duplicate_of_id)),
        "follow_up_of": _code(linked_question(question.follow_up_of_id)),
        "helpful_yes": question.helpful_yes,
        "helpful_no": question.helpful_no,
        "due_at": case.due_at,
        "closed_at": case.closed_at,
        "actions": _actions(question, user),
        "timeline": case_timeline_data(case, official=True),
        "created_at": question.created_at,
        "updated_at": question.updated_at,
    }


def _official(request: HttpRequest) -> User:
    """Officials only: anyone else is 403."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    if not (user.is_staff and is_official(user)):
        raise PermissionDenied("questions.not_allowed", _("You may not handle this question."))
    return user


def _load(user: User, found: uuid.UUID | None) -> Question | None:
    case = case_for_official(user=user, public_id=found) if found else None
    if case is None or case.kind != "question":
        return None
    return (
        Question.objects.select_related(
            "topic", "ward", "answer_by", "case__agency", "case__applicant", "case__assignee"
        )
        .filter(case=case)
        .first()
    )


def _for_official(request: HttpRequest, public_id: str) -> tuple[Question, User]:
    """A question of the official's agencies; outside them it is 404, like an unknown id."""
    user = _official(request)
    question = _load(user, parse_uuid(public_id))
    if question is None:
        raise not_found()
    return question, user


def _fresh(question: Question, user: User) -> dict[str, Any]:
    """The question as it is now (after a forward it may have left the official's agencies:
    then as it was reloaded without the agency check, with no steps left for them)."""
    reloaded = _load(user, question.case.public_id)
    if reloaded is None:
        reloaded = Question.objects.select_related(
            "topic", "ward", "answer_by", "case__agency", "case__applicant", "case__assignee"
        ).get(pk=question.pk)
    return _office(reloaded, user)


def _required(text: str, field: str) -> str:
    value = clean_line(text, max_length=MAX_REASON)
    if not value:
        message = _("Say why (the asker sees it).")
        raise AppError("questions.reason_required", message, fields={field: [message]})
    return value


# --- Endpoints -------------------------------------------------------------------------------


@router.get(
    "/office/questions/templates",
    response=list[TemplateOut],
    auth=office_session,
    summary="Answer templates (for everyone, the topic's and the official's agencies')",
)
@decorate_view(private)
def answer_templates(request: HttpRequest, topic: str = "") -> list[dict[str, Any]]:
    user = _official(request)
    templates = AnswerTemplate.objects.filter(is_active=True).filter(
        Q(agency__isnull=True) | Q(agency__in=agencies_visible_to(user))
    )
    if topic:
        chosen = topics_active().filter(code=topic.strip()[:40]).first()
        templates = templates.filter(Q(topic__isnull=True) | Q(topic=chosen))
    return [
        {
            "id": t.pk,
            "title": t.title,
            "body": t.body,
            "topic": t.topic.code if t.topic else None,
            "agency": t.agency.code if t.agency else None,
        }
        for t in templates.select_related("topic", "agency").order_by("title", "pk")
    ]


@router.get(
    "/office/questions/{public_id}",
    response=OfficeQuestionOut,
    auth=office_session,
    summary="A question with its asker, the draft answer and the steps open to you",
)
@decorate_view(private)
def office_question(request: HttpRequest, public_id: str) -> dict[str, Any]:
    question, user = _for_official(request, public_id)
    return _office(question, user)


@router.post(
    "/office/questions/{public_id}/answer",
    response=OfficeQuestionOut,
    auth=office_session,
    summary="Answer: an approver publishes at once, a handler sends it for approval",
)
@decorate_view(private)
def answer_question(request: HttpRequest, public_id: str, body: AnswerIn) -> dict[str, Any]:
    question, user = _for_official(request, public_id)
    question_answer(
        question=question,
        by=user,
        text=body.answer,
        procedure_codes=[code.strip()[:40] for code in body.procedures],
        links=[link.dict() for link in body.links],
        expected_version=body.version,
        request=request,
    )
    return _fresh(question, user)


@router.post(
    "/office/questions/{public_id}/approve",
    response=OfficeQuestionOut,
    auth=office_session,
    summary="Approve and publish a pending answer (approvers)",
)
@decorate_view(private)
def approve_question(request: HttpRequest, public_id: str, body: VersionIn) -> dict[str, Any]:
    question, user = _for_official(request, public_id)
    question_approve(question=question, by=user, expected_version=body.version, request=request)
    return _fresh(question, user)


@router.post(
    "/office/questions/{public_id}/return",
    response=OfficeQuestionOut,
    auth=office_session,
    summary="Return a pending answer for changes, with a note (approvers)",
)
@decorate_view(private)
def return_question(request: HttpRequest, public_id: str, body: ReturnIn) -> dict[str, Any]:
    question, user = _for_official(request, public_id)
    question_return(
        question=question,
        by=user,
        note=body.note,
        expected_version=body.version,
        request=request,
    )
    return _fresh(question, user)


@router.post(
    "/office/questions/{public_id}/forward",
    response=OfficeQuestionOut,
    auth=office_session,
    summary="Forward to the agency that can answer, with a reason the asker sees",
)
@decorate_view(private)
def forward_question(request: HttpRequest, public_id: str, body: ForwardIn) -> dict[str, Any]:
    question, user = _for_official(request, public_id)
    agency = Agency.objects.filter(code=body.agency.strip()[:40], is_active=True).first()
    if agency is None:
        message = _("No agency has this code.")
        raise AppError("questions.bad_agency", message, fields={"agency": [message]})
    question_forward(
        question=question,
        agency=agency,
        by=user,
        reason=body.reason,  # checked by the service (required, one line)
        request=request,
    )
    return _fresh(question, user)


@router.post(
    "/office/questions/{public_id}/merge",
    response=OfficeQuestionOut,
    auth=office_session,
    summary="Close as the same as an earlier question (its asker follows that one)",
)
@decorate_view(private)
def merge_question(request: HttpRequest, public_id: str, body: MergeIn) -> dict[str, Any]:
    question, user = _for_official(request, public_id)
    into = question_merge_target(user=user, raw=body.into)
    if into is None:
        message = _("No question has this code or id.")
        raise AppError("questions.bad_merge", message, fields={"into": [message]})
    question_merge(question=question, into=into, by=user, note=body.note, request=request)
    return _fresh(question, user)


@router.post(
    "/office/questions/{public_id}/reject",
    response=OfficeQuestionOut,
    auth=office_session,
    summary="Do not accept (spam, abuse, not for the government), with a reason",
)
@decorate_view(private)
def reject_question(request: HttpRequest, public_id: str, body: RejectIn) -> dict[str, Any]:
    question, user = _for_official(request, public_id)
    question_reject(
        question=question, by=user, reason=_required(body.reason, "reason"), request=request
    )
    return _fresh(question, user)
