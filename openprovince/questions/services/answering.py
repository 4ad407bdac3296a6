"""What officials do with a question: answer (published at once by an approver, or sent for
approval by a handler), approve or return a pending answer, forward to another agency, merge
into an existing question, or decline. Steps go through the case engine's one transition
function; the hook (hooks.py) publishes and tells people whoever moves the case."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from openprovince.accounts.models import User
from openprovince.accounts.rules import can_approve, can_handle
from openprovince.agencies.models import Agency
from openprovince.cases.models import Case, CaseEvent
from openprovince.cases.services.transitions import case_transition
from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError, PermissionDenied
from openprovince.core.text import clean_line, strip_invisible
from openprovince.dossiers.models import Procedure
from openprovince.notifications.outbox import notification_enqueue

from ..models import Question, QuestionFollow

MAX_ANSWER = 20000
MAX_LINKS = 5


def _official(user: User, question: Question) -> None:
    if not can_handle(user, question.case.agency):
        raise PermissionDenied(
            "questions.not_allowed", _("Only officials of the answering agency may do this.")
        )


def _links(raw: list[dict[str, str]]) -> list[dict[str, str]]:
    """Links to news and pages: our own paths, or https addresses."""
    links = []
    for item in raw[:MAX_LINKS]:
        url = (item.get("url") or "").strip()
        title = clean_line(item.get("title") or "", max_length=200) or url
        if not url:
            continue
        parts = urlsplit(url)
        local = not parts.scheme and not parts.netloc and url.startswith("/")
        if not (local or (parts.scheme == "https" and parts.netloc)):
            raise AppError(
                "questions.bad_link",
                _("A link must start with https:// or be a page of this site."),
                fields={"links": [_("A link must start with https:// or be a page of this site.")]},
            )
        links.append({"title": title, "url": url})
    return links


def question_answer(
    *,
    question: Question,
    by: User,
    text: str,
    procedure_codes: list[str] | None = None,
    links: list[dict[str, str]] | None = None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Question:
    """Approvers publish at once; handlers send the answer for approval (the agency's approval
    step: an agency that wants none gives its answerers the approver role)."""
    _official(by, question)
    answer = strip_invisible(text, keep_newlines=True).strip()
    if not answer:
        raise AppError(
            "questions.empty_answer",
            _("Write the answer."),
            fields={"answer": [_("Write the answer.")]},
        )
    if len(answer) > MAX_ANSWER:
        raise AppError(
            "questions.answer_too_long",
            _("At most 20,000 characters."),
            fields={"answer": [_("At most 20,000 characters.")]},
        )
    codes = [c for c in (procedure_codes or []) if c]
    procedures = list(Procedure.objects.filter(code__in=codes))
    if len(procedures) != len(set(codes)):
        raise AppError(
            "questions.unknown_procedure",
            _("One of the procedures is not in the catalogue."),
            fields={"procedures": [_("One of the procedures is not in the catalogue.")]},
        )
    clean_links = _links(links or [])
    action = "answer" if can_approve(by, question.case.agency) else "submit_answer"
    with transaction.atomic():
        Question.objects.filter(pk=question.pk).update(
            answer=answer, answer_by=by, answer_links=clean_links
        )
        question.procedures.set(procedures)
        case_transition(
            case_id=question.case_id,
            action=action,
            actor=by,
            expected_version=expected_version,
            request=request,
        )
    return _reload(question)


def question_approve(
    *, question: Question, by: User, expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Question:  # fmt: skip
    case_transition(
        case_id=question.case_id,
        action="approve",
        actor=by,
        expected_version=expected_version,
        request=request,
    )
    return _reload(question)


def question_return(
    *, question: Question, by: User, note: str, expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Question:  # fmt: skip
    case_transition(
        case_id=question.case_id,
        action="return",
        actor=by,
        note=note,
        expected_version=expected_version,
        request=request,
    )
    return _reload(question)


def question_reject(
    *, question: Question, by: User, reason: str, request: HttpRequest | None = None
) -> Question:
    """Not a question for the government (spam, abuse, a private dispute…): the reason is
    shown to the asker."""
    case_transition(
        case_id=question.case_id, action="reject", actor=by, note=reason, request=request
    )
    return _reload(question)


def _reason(text: str) -> str:
    reason = clean_line(text, max_length=500)
    if not reason:
        raise AppError(
            "questions.reason_required",
            _("Say why (the asker sees it)."),
            fields={"reason": [_("Say why (the asker sees it).")]},
        )
    return reason


def question_forward(
    *, question: Question, agency: Agency, by: User, reason: str,
    request: HttpRequest | None = None,
) -> Question:  # fmt: skip
    """To the agency that can answer: the question moves to its inbox, with the reason; the
    asker is told. The deadline stays (the asker waited already)."""
    _official(by, question)
    reason = _reason(reason)
    if not agency.is_active or agency.pk == question.case.agency_id:
        raise AppError(
            "questions.bad_agency",
            _("Choose another active agency."),
            fields={"agency": [_("Choose another active agency.")]},
        )
    if question.case.closed_at is not None:
        raise AppError("questions.closed", _("This question is closed."), status=409)
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("agency").get(pk=question.case_id)
        old = case.agency
        case.agency, case.version, case.assignee = agency, case.version + 1, None
        case.save(update_fields=["agency", "version", "assignee", "updated_at"])
        _event(case, by, "forward", reason, {"from": old.code, "to": agency.code})
        audit_record(
            action="question.forward",
            request=request,
            actor=by,
            target=case,
            agency_code=agency.code,
            details={"from": old.code, "reason": reason},
        )
        _tell(
            case,
            _("Your question was forwarded to %(agency)s: %(reason)s")
            % {"agency": agency.name, "reason": reason},
        )
    return _reload(question)


def question_merge(
    *, question: Question, into: Question, by: User, note: str = "",
    request: HttpRequest | None = None,
) -> Question:  # fmt: skip
    """The same question was asked before: close this one as a duplicate; its asker follows
    the original and is told when it is answered (at once, if it already is)."""
    _official(by, question)
    if into.pk == question.pk or into.duplicate_of_id is not None:
        raise AppError(
            "questions.bad_merge",
            _("Choose another question that is not itself merged."),
            fields={"into": [_("Choose another question that is not itself merged.")]},
        )
    if not (into.is_public and into.published) and into.case.agency_id != question.case.agency_id:
        # A private or unanswered question of another agency stays out of sight.
        raise AppError(
            "questions.bad_merge",
            _("Merge only into a published question or one of your agency's."),
            fields={"into": [_("Merge only into a published question or one of your agency's.")]},
        )
    note = clean_line(note, max_length=500) or _("The same question was asked before: %(code)s") % {
        "code": into.case.code
    }
    with transaction.atomic():
        Question.objects.filter(pk=question.pk).update(duplicate_of=into)
        applicant = question.case.applicant
        if applicant is not None:
            QuestionFollow.objects.get_or_create(question=into, user=applicant)
        case_transition(
            case_id=question.case_id, action="mark_duplicate", actor=by, note=note, request=request
        )
        if applicant is not None and into.status == Question.Status.ANSWERED:
            notification_enqueue(  # the answer is already there: no need to wait
                recipient=applicant,
                event="question.answered",
                context={"case_code": into.case.code, "title": into.title},
                link=f"/questions/{into.case.public_id}/",
            )
    return _reload(question)


def _event(case: Case, by: User, action: str, note: str, data: dict[str, Any]) -> None:
    CaseEvent.objects.create(
        case=case,
        actor=by,
        actor_label=by.shown_name,
        action=action,
        note=note,
        is_public=True,
        data=data,
    )


def _tell(case: Case, text: str) -> None:
    if case.applicant is None:
        return
    notification_enqueue(
        recipient=case.applicant,
        event="question.update",
        context={"case_code": case.code, "title": case.title, "text": text},
        link=f"/questions/{case.public_id}/",
    )


def _reload(question: Question) -> Question:
    return Question.objects.select_related("case__agency", "topic").get(pk=question.pk)
