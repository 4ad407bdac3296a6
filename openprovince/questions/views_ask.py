"""Asking a question: the form, similar answered questions while typing, and a guest's draft
kept in the session while they sign in (the files are asked for again)."""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openprovince.accounts.models import User
from openprovince.agencies.models import Agency
from openprovince.agencies.selectors import LOCAL_TYPES, agencies_local
from openprovince.core.access import no_store, public
from openprovince.core.errors import AppError

from .models import Question
from .selectors import questions_similar, topics_active
from .services.asking import MAX_BODY, QuestionInput, question_ask, question_check

DRAFT_KEY = "question_draft"
DRAFT_SECONDS = 24 * 3600
DRAFT_FIELDS = ("topic", "agency", "ward", "title", "body")
SIMILAR_LIMIT = 5
SIMILAR_QUERY_CHARS = 300  # the title and the start of the text say what it is about


def answering_agencies() -> QuerySet[Agency]:
    """Agencies an asker may choose (communes and wards come through the ward field)."""
    return (
        Agency.objects.filter(is_active=True).exclude(type__code__in=LOCAL_TYPES).order_by("path")
    )


def _values(data: QueryDict, *, public_default: bool) -> dict[str, Any]:
    values: dict[str, Any] = {name: data.get(name, "") for name in DRAFT_FIELDS}
    for name in ("topic", "agency", "ward"):
        values[name] = values[name][:40]
    values["public"] = data.get("public") == "1" if "public" in data else public_default
    return values


def _input(values: dict[str, Any], files: list[UploadedFile]) -> QuestionInput:
    def pick(qs: QuerySet[Any], code: str) -> Any:
        return qs.filter(code=code).first() if code else None

    return QuestionInput(
        topic=pick(topics_active(), values["topic"]),
        agency=pick(answering_agencies(), values["agency"]),
        ward=pick(agencies_local(), values["ward"]),
        title=values["title"],
        body=values["body"],
        is_public=bool(values["public"]),
        files=files,
    )


def _draft_keep(request: HttpRequest, values: dict[str, Any]) -> None:
    request.session[DRAFT_KEY] = {**values, "at": int(time.time())}


def _draft_take(request: HttpRequest) -> dict[str, Any] | None:
    draft = request.session.get(DRAFT_KEY)
    if not isinstance(draft, dict) or int(draft.get("at", 0)) < time.time() - DRAFT_SECONDS:
        return None
    values: dict[str, Any] = {name: str(draft.get(name, "")) for name in DRAFT_FIELDS}
    values["public"] = bool(draft.get("public"))
    return values


def _draft_forget(request: HttpRequest) -> None:
    request.session.pop(DRAFT_KEY, None)


def _similar_text(values: dict[str, Any]) -> str:
    return f"{values.get('title', '')} {values.get('body', '')}".strip()[:SIMILAR_QUERY_CHARS]


@public
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    """Signed-in people's questions go at once; a guest's is kept while they sign in."""
    errors: dict[str, list[str]] = {}
    message, status, restored = "", 200, False
    similar: list[Question] | None = None
    if request.method == "GET":
        if request.GET.get("new"):
            _draft_forget(request)
        draft = _draft_take(request)
        restored = draft is not None
        values = draft or _values(request.GET, public_default=True)
    elif request.POST.get("look"):  # without JavaScript: the similar answers, nothing sent
        values = _values(request.POST, public_default=False)
        similar = questions_similar(text=_similar_text(values), limit=SIMILAR_LIMIT)
    else:
        values = _values(request.POST, public_default=False)
        files = [f for f in request.FILES.getlist("files") if isinstance(f, UploadedFile)]
        try:
            return _send(request, values, files)
        except AppError as exc:
            errors, message, status = exc.fields, exc.message, exc.status
    response = render(
        request,
        "questions/ask.html",
        {
            "values": values,
            "errors": errors,
            "message": message,
            "restored": restored,
            "similar": similar,
            "similar_query": _similar_text(values)[:200],
            "topics": topics_active(),
            "local_topics": [t.display_name for t in topics_active() if t.local],
            "agencies": answering_agencies(),
            "wards": agencies_local(),
            "max_body": MAX_BODY,
        },
        status=status,
    )
    if restored or request.method == "POST":
        no_store(response)  # what someone typed stays out of caches and the offline copy
    return response


def _send(request: HttpRequest, values: dict[str, Any], files: list[UploadedFile]) -> HttpResponse:
    data = _input(values, files)
    user = request.user
    if not (isinstance(user, User) and user.is_authenticated):
        question_check(data)  # a guest hears of every problem before signing in
        return _to_sign_in(request, values, had_files=bool(files))
    question = question_ask(data=data, user=user, request=request)
    _draft_forget(request)
    messages.success(request, sent_message(question))
    return redirect("questions:detail", public_id=question.case.public_id)


def sent_message(question: Question) -> str:
    return _("Sent. Your question code is %(code)s. We will tell you when it is answered.") % {
        "code": question.case.code
    }


def _to_sign_in(request: HttpRequest, values: dict[str, Any], *, had_files: bool) -> HttpResponse:
    """A guest's question is kept while they sign in; the ask page then fills it in again."""
    _draft_keep(request, values)
    messages.info(request, _("Sign in to send your question. What you typed is kept."))
    if had_files:
        messages.info(request, _("Files are not kept: please add them again after signing in."))
    query = urlencode({"next": reverse("questions:ask")})
    return redirect(f"{reverse('accounts:signin')}?{query}")


@public
@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    """The box under the question while it is typed (htmx): published answers like it."""
    get = request.GET
    text = _similar_text({"title": get.get("title", ""), "body": get.get("body", "")})
    found = questions_similar(text=text, limit=SIMILAR_LIMIT) if len(text) >= 3 else None
    return render(
        request, "questions/_similar.html", {"similar": found, "similar_query": text[:200]}
    )
