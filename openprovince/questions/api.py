"""JSON API for online Q&A (`/api/v1/questions…`): topics, similar answered questions, the
public FAQ and one question; asking, the one follow-up, "was this helpful?" and the asker's own
list. The officials' steps are in api_office.py; the shapes in schemas.py.

Handlers parse input, call a service or selector and shape the answer; the services decide who
may do what (docs/questions-api.md). Public answers never carry the asker's name or phone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.decorators import decorate_view

from openprovince.accounts.api import SignedIn, office_session, private, signed_in
from openprovince.accounts.current import api_user
from openprovince.accounts.models import User
from openprovince.agencies.models import Agency
from openprovince.agencies.selectors import LOCAL_TYPES
from openprovince.cases.api_channel import api_channel
from openprovince.cases.definitions import workflow_by_id
from openprovince.cases.models import Case
from openprovince.cases.timeline_data import case_timeline_data
from openprovince.core.access import no_store
from openprovince.core.errors import AppError, NotFound
from openprovince.core.text import parse_uuid

from .models import Question
from .schemas import (
    AskIn,
    FollowUpIn,
    HelpfulIn,
    HelpfulOut,
    MyQuestionPageOut,
    QuestionDetailOut,
    QuestionOut,
    QuestionPageOut,
    TopicOut,
)
from .selectors import (
    FAQ_PAGE_SIZE,
    FaqFilters,
    question_for_viewer,
    questions_faq_page,
    questions_of_asker,
    questions_similar,
    topics_active,
)
from .services.asking import QuestionInput, question_ask, question_check, question_follow_up
from .services.feedback import question_vote, voter_of

router = Router(tags=["questions"])

MAX_SEARCH = 20
MAX_QUERY = 200
EXCERPT = 200


class MaybeSignedIn(SignedIn):
    """Public endpoints that know the asker: a bearer token when one is sent (401 when it is
    not valid), else the site's own session, else a guest."""

    def __call__(self, request: HttpRequest) -> Any:
        if request.headers.get(self.header):
            return super().__call__(request)
        return request.user if request.user.is_authenticated else AnonymousUser()


maybe_signed_in = MaybeSignedIn()


# --- Shaping ---------------------------------------------------------------------------------


def state_name(case: Case) -> str:
    state = workflow_by_id(case.definition_id).states.get(case.state)
    return state.display_name if state else case.state


def topic_ref(question: Question) -> dict[str, Any]:
    topic = question.topic
    return {"code": topic.code, "name": topic.name, "name_en": topic.name_en}


def agency_ref(agency: Agency | None) -> dict[str, Any] | None:
    return {"code": agency.code, "name": agency.name} if agency is not None else None


def procedures_of(question: Question) -> list[dict[str, Any]]:
    return [
        {"code": p.code, "name": p.name, "name_en": p.name_en}
        for p in question.procedures.order_by("code")
    ]


def links_of(question: Question) -> list[dict[str, str]]:
    return [
        {"title": str(link.get("title", "")), "url": str(link.get("url", ""))}
        for link in question.answer_links or []
        if isinstance(link, dict)
    ]


def _answered(question: Question) -> bool:
    return question.status == Question.Status.ANSWERED


def _summary(question: Question) -> dict[str, Any]:
    case = question.case
    return {
        "id": str(case.public_id),
        "code": case.code,
        "title": question.title,
        "topic": topic_ref(question),
        "agency": agency_ref(case.agency),
        "status": question.status,
        "excerpt": Truncator(question.answer).chars(EXCERPT) if _answered(question) else "",
        "helpful_yes": question.helpful_yes,
        "helpful_no": question.helpful_no,
        "created_at": question.created_at,
        "answered_at": question.answered_at if _answered(question) else None,
    }


def _mine(question: Question) -> dict[str, Any]:
    return {
        **_summary(question),
        "state": question.case.state,
        "state_name": state_name(question.case),
        "is_public": question.is_public,
        "due_at": question.case.due_at,
    }


def linked_question(pk: int | None) -> Question | None:
    return Question.objects.select_related("case").filter(pk=pk).first() if pk else None


def _shown_id(question: Question | None, viewer: User | None) -> str | None:
    """The id of a linked question, only when the viewer may read it (published, or theirs)."""
    if question is None:
        return None
    own = viewer is not None and question.case.applicant_id == viewer.pk
    return str(question.case.public_id) if question.published or own else None


def _detail(question: Question, viewer: User | None) -> dict[str, Any]:
    case = question.case
    mine = viewer is not None and case.applicant_id == viewer.pk
    follow_up = Question.objects.select_related("case").filter(follow_up_of=question).first()
    follow_up_of = linked_question(question.follow_up_of_id)
    duplicate_of = linked_question(question.duplicate_of_id)
    return {
        **_summary(question),
        "body": question.body,
        "answer": question.answer if _answered(question) else None,
        "procedures": procedures_of(question) if _answered(question) else [],
        "links": links_of(question) if _answered(question) else [],
        "state": case.state,
        "state_name": state_name(case),
        "is_public": question.is_public,
        "mine": mine,
        "can_follow_up": mine and _answered(question) and follow_up is None,
        "follow_up_of": _shown_id(follow_up_of, viewer),
        "follow_up": _shown_id(follow_up, viewer),
        "duplicate_of": _shown_id(duplicate_of, viewer),
        "timeline": case_timeline_data(case, official=False),
    }


def _page(page: Page[Any], shape: Callable[[Question], dict[str, Any]]) -> dict[str, Any]:
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "items": [shape(q) for q in page.object_list],
    }


# --- Lookups ---------------------------------------------------------------------------------


def not_found() -> NotFound:
    return NotFound("questions.not_found", _("No question has this id."))


def _viewer(request: HttpRequest) -> User | None:
    user = getattr(request, "auth", None)
    return user if isinstance(user, User) else None


def _visible(request: HttpRequest, public_id: str) -> tuple[Question, User | None]:
    """question_for_viewer, with one more rule for the API: a question that is not published
    is shown to its asker, and to officials only in their office session (a bearer token from
    an SMS code is not enough to read an agency's private questions)."""
    viewer, found = _viewer(request), parse_uuid(public_id)
    question = question_for_viewer(public_id=found, user=viewer) if found else None
    if question is None:
        raise not_found()
    if not question.published:
        own = viewer is not None and question.case.applicant_id == viewer.pk
        in_office = not request.headers.get("Authorization") and bool(
            office_session.authenticate(request, None)
        )
        if not (own or in_office):
            raise not_found()
    return question, viewer


def _agency_choice(raw: str, *, local: bool) -> tuple[Agency | None, bool]:
    """(agency, known): an empty code is no choice; an unknown one is a problem to report."""
    code = raw.strip()[:40]
    if not code:
        return None, True
    agencies = Agency.objects.filter(code=code, is_active=True)
    if local:
        agencies = agencies.filter(type__code__in=LOCAL_TYPES)
    found = agencies.first()
    return found, found is not None


def _question_input(body: AskIn, request: HttpRequest) -> QuestionInput:
    """The service's input; an unknown agency or ward is reported with the service's own
    problems, all at once."""
    agency, agency_known = _agency_choice(body.agency, local=False)
    ward, ward_known = _agency_choice(body.ward, local=True)
    data = QuestionInput(
        topic=topics_active().filter(code=body.topic.strip()[:40]).first(),
        title=body.title,
        body=body.body,
        agency=agency,
        ward=ward,
        is_public=body.is_public,
        channel=api_channel(request),
    )
    problems: dict[str, list[str]] = {}
    if not agency_known:
        problems["agency"] = [_("No agency has this code.")]
    if not ward_known:
        problems["ward"] = [_("No commune or ward has this code.")]
    if problems:
        try:
            question_check(data)
        except AppError as exc:
            problems = {**exc.fields, **problems}
        raise AppError("questions.invalid", _("Some details need your attention."), fields=problems)
    return data


# --- Public ----------------------------------------------------------------------------------


@router.get("/questions/topics", response=list[TopicOut], summary="What people may ask about")
def list_topics(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"code": t.code, "name": t.name, "name_en": t.name_en, "local": t.local}
        for t in topics_active()
    ]


@router.get(
    "/questions/search",
    response=list[QuestionOut],
    summary="Answered questions like this one, best first",
)
def search_questions(
    request: HttpRequest, q: str = "", topic: str = "", limit: int = 5
) -> list[dict[str, Any]]:
    """Ask before sending a question: the answer may be there already. Accents and small
    typos are forgiven; at most 20 results."""
    text = q.strip()[:MAX_QUERY]
    if not text:
        return []
    found = questions_similar(
        text=text, limit=max(1, min(limit, MAX_SEARCH)), topic_code=topic.strip()[:40]
    )
    return [_summary(question) for question in found]


@router.get(
    "/questions",
    response=QuestionPageOut,
    summary="The public questions and answers (newest answer first, or best match with q)",
)
def list_questions(
    request: HttpRequest, q: str = "", topic: str = "", agency: str = "", page: int = 1
) -> dict[str, Any]:
    filters = FaqFilters(query=q[:MAX_QUERY], topic=topic[:40], agency=agency[:40])
    result = questions_faq_page(filters=filters, page_number=max(1, min(page, 100_000)))
    return _page(result, _summary)


@router.get("/questions/mine", response=MyQuestionPageOut, auth=signed_in, summary="My questions")
@decorate_view(private)
def my_questions(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    result = Paginator(questions_of_asker(api_user(request)), FAQ_PAGE_SIZE).get_page(
        max(1, min(page, 100_000))
    )
    return _page(result, _mine)


@router.get(
    "/questions/{public_id}",
    response=QuestionDetailOut,
    auth=maybe_signed_in,
    summary="One question with its answer (its asker also sees it while private or open)",
)
def get_question(request: HttpRequest, public_id: str, response: HttpResponse) -> dict[str, Any]:
    question, viewer = _visible(request, public_id)
    if viewer is not None or not question.published:
        no_store(response)
    return _detail(question, viewer)


# --- Askers ----------------------------------------------------------------------------------


@router.post(
    "/questions",
    response={201: QuestionDetailOut},
    auth=signed_in,
    summary="Ask a question",
)
def ask_question(request: HttpRequest, body: AskIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    question = question_ask(data=_question_input(body, request), user=user, request=request)
    return Status(201, _detail(question, user))


@router.post(
    "/questions/{public_id}/follow-up",
    response={201: QuestionDetailOut},
    auth=signed_in,
    summary="One follow-up question to an answer (its asker)",
)
def follow_up_question(
    request: HttpRequest, public_id: str, body: FollowUpIn
) -> Status[dict[str, Any]]:
    user = api_user(request)
    question, _viewer_unused = _visible(request, public_id)
    data = QuestionInput(
        topic=question.topic,
        title=body.title,
        body=body.body,
        is_public=body.is_public,
        channel=api_channel(request),
    )
    follow_up = question_follow_up(question=question, data=data, user=user, request=request)
    return Status(201, _detail(follow_up, user))


@router.post(
    "/questions/{public_id}/helpful",
    response=HelpfulOut,
    auth=maybe_signed_in,
    summary="Was this answer helpful? (one vote a person; a new vote replaces yours)",
)
@decorate_view(private)
def vote_question(request: HttpRequest, public_id: str, body: HelpfulIn) -> dict[str, Any]:
    question, _viewer_unused = _visible(request, public_id)
    question = question_vote(question=question, voter=voter_of(request), helpful=body.helpful)
    return {
        "helpful": body.helpful,
        "helpful_yes": question.helpful_yes,
        "helpful_no": question.helpful_no,
    }
