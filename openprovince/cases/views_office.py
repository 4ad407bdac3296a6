"""The officials' inbox (one queue for every kind of case) and the case page."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from openprovince.accounts.current import request_user
from openprovince.accounts.models import User
from openprovince.accounts.rules import agencies_visible_to, is_official
from openprovince.core.access import official_required
from openprovince.core.errors import AppError
from openprovince.core.uploads import upload_response
from openprovince.office.views import office_render

from .definitions import workflow_by_id, workflow_of
from .models import Case, WorkflowDefinition
from .pages import office_page_of, office_panel_of
from .selectors import (
    InboxFilters,
    case_for_official,
    case_timeline,
    inbox_page,
    inbox_state_counts,
    is_overdue,
)
from .services.attachments import case_attachment_add
from .services.comments import case_comment_add
from .services.transitions import actions_available, case_assign, case_transition


def _filters(request: HttpRequest) -> InboxFilters:
    get = request.GET
    return InboxFilters(
        kind=get.get("kind", "")[:40],
        state=get.get("state", "")[:40],
        agency=get.get("agency", "")[:40],
        overdue=get.get("overdue") == "1",
        due_soon=get.get("due_soon") == "1",
        mine=get.get("mine") == "1",
        unassigned=get.get("unassigned") == "1",
        closed=get.get("closed") == "1",
    )


@official_required(is_official, name="official")
def inbox(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    raw_page = request.GET.get("page", "1")
    page = inbox_page(
        user=request.user,
        filters=filters,
        page_number=int(raw_page) if raw_page.isdigit() and len(raw_page) < 7 else 1,
    )
    now = timezone.now()
    workflows = [workflow_of(d) for d in WorkflowDefinition.objects.filter(is_active=True)]
    names = {state.code: state.display_name for w in workflows for state in w.states.values()}
    rows = [
        (case, is_overdue(case, now), names.get(case.state, case.state))
        for case in page.object_list
    ]
    counts = [
        (code, names.get(code, code), n)
        for code, n in inbox_state_counts(user=request.user, filters=filters).items()
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return office_render(
        request,
        "cases/inbox.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "query": query.urlencode(),
            "counts": counts,
            "agencies": agencies_visible_to(request.user)
            .filter(is_active=True)
            .order_by("path")[:200],
            "kinds": sorted((w.kind, w.display_name) for w in workflows),
        },
        "home",
    )


@official_required(is_official, name="official")
@require_POST
def inbox_assign(request: HttpRequest) -> HttpResponse:
    """Bulk assignment: the selected cases to me (or to nobody)."""
    me = request_user(request)
    ids = request.POST.getlist("case")[:100]
    target = None if request.POST.get("to") == "nobody" else me
    done = 0
    for public_id in ids:
        case = case_for_official(user=me, public_id=public_id) if _uuid(public_id) else None
        if case is None:
            continue
        try:
            case_assign(case_id=case.pk, assignee=target, actor=me, request=request)
            done += 1
        except AppError as exc:
            messages.error(request, f"{case.code}: {exc.message}")
    if done:
        messages.success(request, _("%(n)d case(s) assigned.") % {"n": done})
    return redirect(request.POST.get("back") or "office:home")


def _uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@official_required(is_official, name="official")
@require_http_methods(["GET", "POST"])
def case_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    me = request_user(request)
    case = case_for_official(user=me, public_id=public_id)
    if case is None:
        raise Http404
    own_page = office_page_of(case.kind)
    if own_page and request.method == "GET":  # reports, dossiers: their own page (pages.py)
        return redirect(own_page, public_id=case.public_id)
    status = 200
    if request.method == "POST":
        try:
            _handle_post(request, me, case)
        except AppError as exc:
            messages.error(request, exc.message)
            status = exc.status
        else:
            return redirect("office:case", public_id=case.public_id)
        case = case_for_official(user=me, public_id=public_id) or case
    workflow = workflow_by_id(case.definition_id)
    return office_render(
        request,
        "cases/office_detail.html",
        {
            "case": case,
            "workflow": workflow,
            "state": workflow.states[case.state],
            "actions": actions_available(user=me, case=case),
            "timeline": case_timeline(case=case, public_only=False),
            "overdue": is_overdue(case),
            "attachments": case.attachments.all(),
            "panel": office_panel_of(case),
        },
        "home",
        status,
    )


def _handle_post(request: HttpRequest, me: User, case: Case) -> None:
    post = request.POST
    version = int(post["version"]) if post.get("version", "").isdigit() else None
    upload = request.FILES.get("file")
    if upload is not None:
        assert isinstance(upload, UploadedFile)
    if "action" in post:
        files: tuple[int, ...] = ()
        if upload is not None:
            files = (case_attachment_add(case=case, user=me, upload=upload, request=request).pk,)
        case_transition(
            case_id=case.pk,
            action=post["action"][:40],
            actor=me,
            note=post.get("note", ""),
            attachment_ids=files,
            expected_version=version,
            request=request,
        )
        messages.success(request, _("Done."))
    elif upload is not None:
        case_attachment_add(
            case=case, user=me, upload=upload, internal=post.get("internal") == "1", request=request
        )
    elif "comment" in post:
        case_comment_add(
            case=case,
            author=me,
            body=post.get("body", ""),
            internal=post.get("internal") == "1",
            request=request,
        )
    elif "assign" in post:
        case_assign(
            case_id=case.pk,
            assignee=me if post["assign"] == "me" else None,
            actor=me,
            request=request,
        )
    else:
        raise AppError("cases.bad_request", _("Nothing to do."))


@official_required(is_official, name="official")
def case_file(request: HttpRequest, public_id: Any, file_id: Any) -> HttpResponseBase:
    case = case_for_official(user=request.user, public_id=public_id)
    attachment = case.attachments.filter(public_id=file_id).first() if case else None
    if attachment is None:
        raise Http404
    return upload_response(
        name=attachment.storage_name,
        download_name=attachment.original_name,
        inline=request.GET.get("download") != "1",
    )
