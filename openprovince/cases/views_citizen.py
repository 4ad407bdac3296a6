"""A citizen's "My requests": every case across services, and each one's public history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openprovince.accounts.current import request_user
from openprovince.core.access import signed_in
from openprovince.core.errors import AppError
from openprovince.core.uploads import upload_response

from .definitions import workflow_by_id
from .pages import citizen_page_of
from .selectors import case_for_citizen, case_timeline, cases_of_citizen, is_overdue
from .services.attachments import case_attachment_add
from .services.comments import case_comment_add, case_rate
from .services.transitions import actions_available, case_transition


@signed_in
def my_requests(request: HttpRequest) -> HttpResponse:
    cases = (
        cases_of_citizen(request_user(request))
        .select_related("agency")
        .order_by("-updated_at")[:200]
    )
    rows = []
    for case in cases:
        workflow = workflow_by_id(case.definition_id)
        rows.append(
            {
                "case": case,
                "kind": workflow.display_name,
                "state": workflow.states[case.state],
                "overdue": is_overdue(case),
            }
        )
    return render(request, "cases/my_requests.html", {"rows": rows})


@signed_in
@require_http_methods(["GET", "POST"])
def my_request(request: HttpRequest, public_id: Any) -> HttpResponse:
    me = request_user(request)
    case = case_for_citizen(user=me, public_id=public_id)
    if case is None:
        raise Http404
    own_page = citizen_page_of(case.kind)
    if own_page and request.method == "GET":  # e.g. dossiers: documents, supplements, result
        return redirect(own_page, public_id=case.public_id)
    status = 200
    if request.method == "POST":
        post = request.POST
        try:
            if "action" in post:
                version = int(post["version"]) if post.get("version", "").isdigit() else None
                case_transition(
                    case_id=case.pk,
                    action=post["action"][:40],
                    actor=me,
                    note=post.get("note", ""),
                    expected_version=version,
                    request=request,
                )
            elif (upload := request.FILES.get("file")) is not None:
                assert isinstance(upload, UploadedFile)
                case_attachment_add(case=case, user=me, upload=upload, request=request)
                messages.success(request, _("File added."))
            elif "rating" in post:
                raw = post.get("rating", "")
                case_rate(
                    case=case,
                    user=me,
                    rating=int(raw) if raw.isdigit() else 0,
                    comment=post.get("rating_comment", ""),
                )
                messages.success(request, _("Thank you for your rating."))
            else:
                case_comment_add(
                    case=case, author=me, body=post.get("body", ""), internal=False, request=request
                )
        except AppError as exc:
            messages.error(request, exc.message)
            status = exc.status
        else:
            return redirect("cases:my_request", public_id=case.public_id)
        case = case_for_citizen(user=me, public_id=public_id) or case
    workflow = workflow_by_id(case.definition_id)
    return render(
        request,
        "cases/my_request.html",
        {
            "case": case,
            "kind": workflow.display_name,
            "state": workflow.states[case.state],
            "timeline": case_timeline(case=case, public_only=True),
            "overdue": is_overdue(case),
            "actions": [a for a in actions_available(user=me, case=case) if a.citizen],
            "attachments": case.attachments.filter(is_internal=False),
        },
        status=status,
    )


@signed_in
def my_request_file(request: HttpRequest, public_id: Any, file_id: Any) -> HttpResponseBase:
    """Only the applicant, and only files not marked internal; anything else is a 404."""
    case = case_for_citizen(user=request_user(request), public_id=public_id)
    attachment = (
        case.attachments.filter(public_id=file_id, is_internal=False).first() if case else None
    )
    if attachment is None:
        raise Http404
    return upload_response(
        name=attachment.storage_name,
        download_name=attachment.original_name,
        inline=request.GET.get("download") != "1",
    )
