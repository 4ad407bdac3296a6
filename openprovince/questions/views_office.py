"""The officials' page for a question: who asked (the name; the phone with their consent), the
question and its files, the history, and the steps: answer (published by an approver, sent
for approval by a handler), approve or return, forward, merge into another question, decline.
Plus the statistics with the number of questions in each state."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openprovince.accounts.current import request_user
from openprovince.accounts.models import User
from openprovince.accounts.phone import phone_display
from openprovince.accounts.rules import can_approve, can_handle, is_official
from openprovince.accounts.services.privacy import consent_active
from openprovince.agencies.models import Agency
from openprovince.cases.definitions import workflow_by_id, workflow_definition_current, workflow_of
from openprovince.cases.selectors import (
    case_for_official,
    case_timeline,
    cases_visible_to,
    is_overdue,
)
from openprovince.cases.services.transitions import actions_available, case_transition
from openprovince.core.access import official_required
from openprovince.core.errors import AppError
from openprovince.dossiers.models import Procedure
from openprovince.office.views import office_render

from .models import AnswerTemplate, Question
from .selectors import question_merge_target, question_stats, questions_similar
from .services.answering import (
    MAX_LINKS,
    question_answer,
    question_approve,
    question_forward,
    question_merge,
    question_reject,
    question_return,
)

# Steps with their own form on this page; any other step the workflow offers is a button.
OWN_FORMS = {"answer", "submit_answer", "approve", "return", "mark_duplicate", "reject"}
MAX_PROCEDURES = 20
DATALIST_SIZE = 300


def _question(me: User, public_id: Any) -> Question | None:
    case = case_for_official(user=me, public_id=public_id)
    if case is None:
        return None
    question = (
        Question.objects.select_related("topic", "ward", "duplicate_of__case", "follow_up_of__case")
        .filter(case=case)
        .first()
    )
    if question is not None:
        question.case = case  # with its agency, assignee and applicant already loaded
    return question


@official_required(is_official, name="official")
@require_http_methods(["GET", "POST"])
def question_page(request: HttpRequest, public_id: Any) -> HttpResponse:
    me = request_user(request)
    question = _question(me, public_id)
    if question is None:
        raise Http404
    status, errors, posted = 200, {}, {}
    if request.method == "POST":
        try:
            _handle(request, me, question)
        except AppError as exc:
            messages.error(request, exc.message)
            status, errors, posted = exc.status, exc.fields, request.POST.dict()
        else:
            messages.success(request, _("Done."))
            if _question(me, public_id) is None:  # forwarded out of the official's reach
                return redirect("office:home")
            return redirect("office:question", public_id=public_id)
        question = _question(me, public_id) or question
    context = _context(request, me, question, errors, posted)
    return office_render(request, "questions/office_detail.html", context, "home", status)


def _context(
    request: HttpRequest,
    me: User,
    question: Question,
    errors: dict[str, list[str]],
    posted: dict[str, str],
) -> dict[str, Any]:
    case = question.case
    applicant = case.applicant
    available = actions_available(user=me, case=case)
    codes = {a.code for a in available}
    templates = _templates(question, applicant.shown_name if applicant else "")
    chosen = request.GET.get("template", "")
    template_text = next((text for t, text in templates if str(t.pk) == chosen), None)
    if posted.get("do") == "answer":
        answer = posted.get("answer", "")
    else:
        answer = template_text if template_text is not None else question.answer
    procedures = ", ".join(question.procedures.values_list("code", flat=True))
    links = "\n".join(f"{x.get('title', '')} | {x.get('url', '')}" for x in question.answer_links)
    return {
        "question": question,
        "case": case,
        "state": workflow_by_id(case.definition_id).states[case.state],
        "overdue": is_overdue(case),
        "applicant": applicant,
        # As for reports: the phone only with the asker's consent to share it with handlers.
        "phone": phone_display(applicant.phone)
        if applicant
        and applicant.phone
        and consent_active(user=applicant, purpose_code="share-phone-with-handler")
        else "",
        "timeline": case_timeline(case=case, public_only=False),
        "attachments": case.attachments.all(),
        "errors": errors,
        "posted": posted,
        "steps": [a for a in available if a.code not in OWN_FORMS],
        "can_answer": bool(codes & {"answer", "submit_answer"}),
        "publishes": can_approve(me, case.agency),
        "can_review": "approve" in codes,
        "can_return": "return" in codes,
        "can_merge": "mark_duplicate" in codes,
        "can_reject": "reject" in codes,
        "can_forward": case.closed_at is None and can_handle(me, case.agency),
        "answer": answer,
        "procedures_value": posted.get("procedures", procedures),
        "links_value": posted.get("links", links),
        "templates": templates,
        "template_chosen": chosen,
        "procedure_choices": _procedure_choices(question),
        "agencies": Agency.objects.filter(is_active=True)
        .exclude(pk=case.agency_id)
        .order_by("path")[:500],
        "similar": _similar(question),
        "follow_up": Question.objects.filter(follow_up_of=question).select_related("case").first(),
    }


def _similar(question: Question) -> list[Question]:
    """Published questions like this one: candidates to merge into, by their code."""
    found = questions_similar(text=question.title, limit=6)
    return [q for q in found if q.pk != question.pk][:5]


def _templates(question: Question, name: str) -> list[tuple[AnswerTemplate, str]]:
    """Active templates for the question's topic and agency, and those for everyone; {name}
    becomes the asker's name."""
    rows = AnswerTemplate.objects.filter(
        Q(topic__isnull=True) | Q(topic=question.topic),
        Q(agency__isnull=True) | Q(agency_id=question.case.agency_id),
        is_active=True,
    )
    return [(t, t.body.replace("{name}", name)) for t in rows]


def _procedure_choices(question: Question) -> QuerySet[Procedure]:
    """Suggestions for the procedure codes: the topic's field of the catalogue if it has one
    of the same code, else the catalogue's start."""
    active = Procedure.objects.filter(is_active=True).only("code", "name", "name_en")
    same_field = active.filter(field__code=question.topic.code)
    return (same_field if same_field.exists() else active).order_by("code")[:DATALIST_SIZE]


def _codes(raw: str) -> list[str]:
    codes = [c.strip() for c in raw.replace(";", ",").split(",") if c.strip()]
    if len(codes) > MAX_PROCEDURES:
        raise AppError(
            "questions.too_many_procedures",
            _("At most 20 procedures."),
            fields={"procedures": [_("At most 20 procedures.")]},
        )
    return codes


def _links(raw: str) -> list[dict[str, str]]:
    """One link a line: "title | address" (or just the address)."""
    links = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        title, bar, url = line.rpartition("|")
        links.append({"title": title.strip() if bar else "", "url": url.strip()})
    if len(links) > MAX_LINKS:
        raise AppError(
            "questions.too_many_links",
            _("At most 5 links."),
            fields={"links": [_("At most 5 links.")]},
        )
    return links


def _handle(request: HttpRequest, me: User, question: Question) -> None:
    post = request.POST
    what = post.get("do", "")
    version = int(post["version"]) if post.get("version", "").isdigit() else None
    if what == "answer":
        question_answer(
            question=question,
            by=me,
            text=post.get("answer", ""),
            procedure_codes=_codes(post.get("procedures", "")),
            links=_links(post.get("links", "")),
            expected_version=version,
            request=request,
        )
    elif what == "approve":
        question_approve(question=question, by=me, expected_version=version, request=request)
    elif what == "return":
        question_return(
            question=question, by=me, note=post.get("note", ""), expected_version=version,
            request=request,
        )  # fmt: skip
    elif what == "forward":
        agency = Agency.objects.filter(code=post.get("agency", "")[:40], is_active=True).first()
        if agency is None:
            raise AppError(
                "questions.bad_agency",
                _("Choose another active agency."),
                fields={"agency": [_("Choose another active agency.")]},
            )
        question_forward(
            question=question, agency=agency, by=me, reason=post.get("reason", ""),
            request=request,
        )  # fmt: skip
    elif what == "merge":
        question_merge(
            question=question, into=_merge_target(me, post.get("into", "")), by=me,
            note=post.get("note", ""), request=request,
        )  # fmt: skip
    elif what == "reject":
        question_reject(question=question, by=me, reason=post.get("note", ""), request=request)
    elif what == "step":
        case_transition(
            case_id=question.case_id,
            action=post.get("action", "")[:40],
            actor=me,
            note=post.get("note", ""),
            expected_version=version,
            request=request,
        )
    else:
        raise AppError("questions.bad_request", _("Nothing to do."))


def _merge_target(user: User, raw: str) -> Question:
    into = question_merge_target(user=user, raw=raw)
    if into is None:
        raise AppError(
            "questions.unknown",
            _("No question has this code."),
            fields={"into": [_("No question has this code.")]},
        )
    return into


@official_required(is_official, name="official")
@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    """How each agency answers (as on the public page), and the open questions in each state
    of the agencies the official sees."""
    definition = workflow_definition_current(kind="question", missing_ok=True)
    states = workflow_of(definition).states if definition else {}
    counts = dict(
        cases_visible_to(request_user(request))
        .filter(kind="question")
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    by_state = [(state.display_name, counts.get(code, 0)) for code, state in states.items()]
    return office_render(
        request,
        "questions/office_stats.html",
        {"rows": question_stats(), "by_state": by_state},
        "question_stats",
    )
