"""Public Q&A pages: the FAQ of answered questions, a question and its answer (with the
asker's own view: history, files, one follow-up), "was this helpful?", and the statistics.
Asking is in views_ask.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from openprovince.accounts.models import User
from openprovince.agencies.models import Agency
from openprovince.cases.selectors import case_timeline
from openprovince.core.access import no_store, public, signed_in
from openprovince.core.errors import AppError
from openprovince.web.search import search_query_clean

from .models import HelpfulVote, Question
from .selectors import (
    FaqFilters,
    question_for_viewer,
    question_stats,
    questions_faq_page,
    questions_published,
    topics_active,
)
from .services.asking import QuestionInput, question_follow_up
from .services.feedback import question_vote, voter_of
from .views_ask import sent_message

STATS_CACHE_KEY = "questions:stats"
AGENCIES_CACHE_KEY = "questions:faq-agencies"
STATS_SECONDS = 300


def _page_number(raw: str) -> int:
    return int(raw) if raw.isdigit() and len(raw) < 7 else 1


def _faq_agencies() -> list[tuple[str, str]]:
    """(code, name) of the agencies with a published answer: the FAQ's agency filter, at most
    STATS_SECONDS old (it reads every published question)."""
    choices: list[tuple[str, str]] | None = cache.get(AGENCIES_CACHE_KEY)
    if choices is None:
        answering = Agency.objects.filter(pk__in=questions_published().values("case__agency"))
        choices = list(answering.order_by("name").values_list("code", "name"))
        cache.set(AGENCIES_CACHE_KEY, choices, STATS_SECONDS)
    return choices


@public
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    get = request.GET
    filters = FaqFilters(
        query=search_query_clean(get.get("q", "")),
        topic=get.get("topic", "")[:40],
        agency=get.get("agency", "")[:40],
    )
    page = questions_faq_page(filters=filters, page_number=_page_number(get.get("page", "1")))
    query = get.copy()
    query.pop("page", None)
    context = {"page": page, "filters": filters, "query": query.urlencode()}
    if request.headers.get("HX-Request"):
        return render(request, "questions/_faq_results.html", context)
    return render(
        request,
        "questions/index.html",
        {**context, "topics": topics_active(), "agencies": _faq_agencies()},
    )


def _question(request: HttpRequest, public_id: Any) -> Question:
    question = question_for_viewer(public_id=public_id, user=request.user)
    if question is None:
        raise Http404
    return question


def _my_vote(request: HttpRequest, question: Question) -> bool | None:
    """The viewer's helpful vote; a guest without a session has none (and gets no session)."""
    if not request.user.is_authenticated and request.session.session_key is None:
        return None
    return (
        HelpfulVote.objects.filter(question=question, voter=voter_of(request))
        .values_list("helpful", flat=True)
        .first()
    )


def _shown(request: HttpRequest, other: Question | None) -> Question | None:
    """A linked question (the original of a duplicate or of a follow-up), if the viewer may
    open it."""
    if other is None:
        return None
    if other.published:
        return other
    return question_for_viewer(public_id=other.case.public_id, user=request.user)


def _render_detail(
    request: HttpRequest,
    question: Question,
    *,
    follow_up_form: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    case = question.case
    is_asker = isinstance(user, User) and user.is_authenticated and case.applicant_id == user.pk
    answered = question.status == Question.Status.ANSWERED
    context: dict[str, Any] = {
        "question": question,
        "case": case,
        "is_asker": is_asker,
        "answered": answered,
        "procedures": list(question.procedures.filter(is_active=True)) if answered else [],
        "my_vote": _my_vote(request, question) if answered else None,
        "duplicate_of": _shown(request, question.duplicate_of),
        "follow_up_of": _shown(request, question.follow_up_of),
    }
    if is_asker:
        follow_up = Question.objects.filter(follow_up_of=question).select_related("case").first()
        context.update(
            timeline=case_timeline(case=case, public_only=True),
            attachments=case.attachments.filter(is_internal=False),
            follow_up=follow_up,
            can_follow_up=answered and follow_up is None,
            form=follow_up_form or {"values": {"public": True}, "errors": {}, "message": ""},
        )
    response = render(request, "questions/detail.html", context, status=status)
    if user.is_authenticated or not question.published:
        no_store(response)  # the asker's own view, or a question not everyone may see
    return response


@public
@require_GET
def detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _render_detail(request, _question(request, public_id))


@public
@require_POST
def helpful(request: HttpRequest, public_id: Any) -> HttpResponse:
    """One vote per person (or browser session for guests); voting again changes it."""
    question = _question(request, public_id)
    choice = request.POST.get("helpful", "")
    if choice not in {"yes", "no"}:
        messages.error(request, _("Choose Yes or No."))
    else:
        try:
            question_vote(question=question, voter=voter_of(request), helpful=choice == "yes")
        except AppError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Thank you for telling us."))
    url = reverse("questions:detail", kwargs={"public_id": question.case.public_id})
    return redirect(f"{url}#helpful")


@signed_in
@require_POST
def follow_up(request: HttpRequest, public_id: Any) -> HttpResponse:
    """One follow-up per answered question, by its asker: a new question, same agency."""
    me = request.user
    assert isinstance(me, User)
    question = _question(request, public_id)
    post = request.POST
    title, body, is_public = post.get("title", ""), post.get("body", ""), post.get("public") == "1"
    values = {"title": title, "body": body, "public": is_public}
    data = QuestionInput(topic=None, title=title, body=body, is_public=is_public)
    try:
        new = question_follow_up(question=question, data=data, user=me, request=request)
    except AppError as exc:
        if question.case.applicant_id != me.pk:
            messages.error(request, exc.message)  # no form on this page for them
        form = {"values": values, "errors": exc.fields, "message": exc.message}
        return _render_detail(request, question, follow_up_form=form, status=exc.status)
    messages.success(request, sent_message(new))
    return redirect("questions:detail", public_id=new.case.public_id)


@public
@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    """How each agency answers: a public page, figures at most STATS_SECONDS old."""
    figures = cache.get(STATS_CACHE_KEY)
    if figures is None:
        figures = {"rows": question_stats(), "at": timezone.now()}
        cache.set(STATS_CACHE_KEY, figures, STATS_SECONDS)
    return render(request, "questions/stats.html", figures)
