"""The officials' page for a report: the generic case steps plus fixing with an "after"
photo, merging duplicates, re-routing, re-categorising and moderation."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openprovince.accounts.current import request_user
from openprovince.accounts.models import User
from openprovince.accounts.rules import agencies_visible_to, is_official
from openprovince.accounts.services.privacy import consent_active
from openprovince.agencies.models import Agency
from openprovince.cases.selectors import case_timeline
from openprovince.cases.services.transitions import actions_available, case_transition
from openprovince.core.access import official_required
from openprovince.core.errors import AppError
from openprovince.office.views import office_render

from .models import ReportCategory, ReportPhoto
from .selectors import categories_active, report_for_official, report_photos, report_state_name
from .services.duplicates import reports_nearby
from .services.handling import (
    report_merge,
    report_moderate,
    report_recategorise,
    report_reroute,
    report_resolve,
)


@official_required(is_official, name="official")
@require_http_methods(["GET", "POST"])
def report_page(request: HttpRequest, public_id: Any) -> HttpResponse:
    me = request_user(request)
    report = report_for_official(user=me, public_id=public_id)
    if report is None:
        raise Http404
    status = 200
    if request.method == "POST":
        try:
            _handle(request, me, report)
        except AppError as exc:
            messages.error(request, exc.message)
            status = exc.status
        else:
            return redirect("office:report", public_id=public_id)
        report = report_for_official(user=me, public_id=public_id) or report
    case = report.case
    applicant = case.applicant
    show_phone = bool(
        applicant and consent_active(user=applicant, purpose_code="share-phone-with-handler")
    )
    similar = (
        reports_nearby(category=report.category, lat=report.lat, lng=report.lng, limit=5)
        if report.lat is not None and report.lng is not None
        else []
    )
    return office_render(
        request,
        "reports/office_detail.html",
        {
            "report": report,
            "case": case,
            "state": report_state_name(report),
            "actions": [a for a in actions_available(user=me, case=case) if a.code != "resolve"],
            "can_resolve": any(a.code == "resolve" for a in actions_available(user=me, case=case)),
            "timeline": case_timeline(case=case, public_only=False),
            "photos": report_photos(report=report, official=True),
            "applicant": applicant,
            "show_phone": show_phone,
            "similar": [(r, d) for r, d in similar if r.pk != report.pk],
            "categories": categories_active(),
            "agencies": agencies_visible_to(me).filter(is_active=True).order_by("path")[:300],
        },
        "home",
        status,
    )


def _handle(request: HttpRequest, me: User, report: Any) -> None:
    post = request.POST
    what = post.get("do", "")
    version = int(post["version"]) if post.get("version", "").isdigit() else None
    if what == "step":
        case_transition(
            case_id=report.case_id,
            action=post.get("action", "")[:40],
            actor=me,
            note=post.get("note", ""),
            expected_version=version,
            request=request,
        )
    elif what == "resolve":
        photos = [f for f in request.FILES.getlist("photos") if isinstance(f, UploadedFile)]
        report_resolve(
            report=report,
            by=me,
            response=post.get("note", ""),
            after_photos=photos,
            expected_version=version,
            request=request,
        )
    elif what == "merge":
        into = _uuid_or_none(post.get("into", ""))
        original = report_for_official(user=me, public_id=into) if into else None
        if original is None:
            raise AppError("reports.unknown", _("Choose a report you can see."))
        report_merge(
            duplicate=report, original=original, by=me, note=post.get("note", ""), request=request
        )
    elif what == "reroute":
        agency = Agency.objects.filter(code=post.get("agency", "")[:40], is_active=True).first()
        if agency is None:
            raise AppError("reports.unknown", _("Choose an agency."))
        report_reroute(
            report=report, agency=agency, by=me, reason=post.get("reason", ""), request=request
        )
    elif what == "recategorise":
        category = ReportCategory.objects.filter(
            code=post.get("category", "")[:40], is_active=True
        ).first()
        if category is None:
            raise AppError("reports.unknown", _("Choose a category."))
        report_recategorise(
            report=report, category=category, by=me, reason=post.get("reason", ""), request=request
        )
    elif what == "moderate":
        photo = None
        photo_id = _uuid_or_none(post.get("photo", ""))
        if photo_id is not None:
            photo = ReportPhoto.objects.filter(report=report, public_id=photo_id).first()
        report_moderate(
            report=report,
            by=me,
            reason=post.get("reason", ""),
            hide_description=post.get("hide_description") == "1",
            hide_photo=photo,
            hide_report=post.get("hide_report") == "1",
            request=request,
        )
    else:
        raise AppError("reports.bad_request", _("Nothing to do."))
    messages.success(request, _("Done."))


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
