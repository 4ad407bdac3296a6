"""Citizen and public pages: report a problem in three steps, see reports and their fate."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openprovince.accounts.models import User
from openprovince.accounts.rules import can_view
from openprovince.agencies.models import Agency
from openprovince.agencies.selectors import agencies_local
from openprovince.cases.models import Case
from openprovince.cases.selectors import case_timeline
from openprovince.core.access import public, signed_in
from openprovince.core.errors import AppError
from openprovince.core.idempotency import answers_in_transaction, keep_answer
from openprovince.core.uploads import upload_response

from .lookups import category_active
from .models import AreaFollow, Report, ReportPhoto
from .selectors import (
    ReportFilters,
    categories_active,
    report_photos,
    report_public,
    report_state_name,
    reports_page,
)
from .services.drafts import (
    report_draft_discard,
    report_draft_for,
    report_draft_remember,
    report_draft_save,
    report_draft_submit,
)
from .services.duplicates import (
    report_follow,
    report_support,
    reports_nearby,
    reports_nearby_exist,
)
from .services.handling import report_rate, report_reopen
from .services.submission import (
    ReportInput,
    report_check,
    report_send,
)


def _input(request: HttpRequest) -> ReportInput:
    post = request.POST
    category = category_active(code=post.get("category", ""))
    ward_code = post.get("ward", "")[:40]
    ward = agencies_local().filter(code=ward_code).first() if ward_code else None
    photos = [f for f in request.FILES.getlist("photos") if isinstance(f, UploadedFile)]
    answers = {k[2:]: v for k, v in post.items() if k.startswith("q_")}
    return ReportInput(
        category=category,
        lat=post.get("lat") or None,
        lng=post.get("lng") or None,
        address=post.get("address", ""),
        ward=ward,
        description=post.get("description", ""),
        answers=answers,
        photos=photos,
        use_photo_location=post.get("photo_location") == "1",
        show_name=post.get("show_name") == "1",
        channel=Case.Channel.WEB,
    )


def _report_page(report: Report) -> HttpResponse:
    return redirect("reports:detail", public_id=report.case.public_id)


@public
@answers_in_transaction
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """Three steps on one page: photos, place, what it is. With JavaScript the steps show
    one at a time; without, the page simply scrolls."""
    errors: dict[str, list[str]] = {}
    message, status = "", 200
    if request.method == "POST":
        try:
            checked = report_check(_input(request))
        except AppError as exc:
            errors, message, status = exc.fields, exc.message, exc.status
        else:
            user = request.user
            similar = (
                reports_nearby_exist(category=checked.category, lat=checked.lat, lng=checked.lng)
                if checked.lat is not None and checked.lng is not None
                else False
            )
            if isinstance(user, User) and user.is_authenticated and not similar:
                try:  # signed in and nothing similar nearby: sent at once (three screens)
                    report, sent = report_send(
                        request,
                        checked=checked,
                        user=user,
                        answer=lambda report: keep_answer(request, _report_page(report)),
                    )
                except AppError as exc:  # throttled (429), no agency set up (503)…
                    errors, message = exc.fields or {"__all__": [exc.message]}, exc.message
                    status = exc.status
                else:
                    messages.success(
                        request,
                        _("Sent. Your report code is %(code)s.") % {"code": report.case.code},
                    )
                    return sent
            else:  # a guest signs in first; anyone sees similar reports before sending
                draft = report_draft_save(checked=checked, request=request)
                report_draft_remember(request=request)
                return redirect("reports:draft", public_id=draft.public_id)
    return render(
        request,
        "reports/new.html",
        {
            "categories": categories_active(),
            "wards": agencies_local(),
            "errors": errors,
            "message": message,
            "values": request.POST if request.method == "POST" else request.GET,
        },
        status=status,
    )


@signed_in
@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest, public_id: Any) -> HttpResponse:
    """After the form (and sign-in when needed): similar open reports nearby, then send."""
    found = report_draft_for(public_id=public_id, request=request)
    if found is None:
        messages.error(request, _("This draft has expired. Please start again."))
        return redirect("reports:new")
    user = request.user
    assert isinstance(user, User)
    data = found.data
    category = categories_active().filter(pk=data["category"]).first()
    nearby = (
        reports_nearby(category=category, lat=data["lat"], lng=data["lng"])
        if category and data["lat"] is not None
        else []
    )
    if request.method == "POST":
        try:
            if request.POST.get("support"):
                target = report_public(public_id=request.POST["support"])
                if target is None:
                    raise Http404
                report_support(report=target, user=user)
                report_draft_discard(draft=found)
                messages.success(request, _("Thank you. You will be told when it is fixed."))
                return redirect("reports:detail", public_id=target.case.public_id)
            report = report_draft_submit(draft=found, user=user, request=request)
        except AppError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Sent. Your report code is %(code)s.") % {"code": report.case.code}
            )
            return redirect("reports:detail", public_id=report.case.public_id)
    return render(
        request,
        "reports/draft.html",
        {
            "draft": found,
            "category": category,
            "nearby": nearby,
            "agency": Agency.objects.filter(pk=data["agency"]).first(),
        },
    )


@public
@require_GET
def nearby(request: HttpRequest) -> HttpResponse:
    """Fragment for the form (JavaScript): open reports like this one nearby."""
    category = categories_active().filter(code=request.GET.get("category", "")[:40]).first()
    try:
        lat, lng = float(request.GET.get("lat", "")), float(request.GET.get("lng", ""))
    except ValueError:
        return HttpResponse("")
    if category is None or not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return HttpResponse("")
    return render(
        request,
        "reports/_nearby.html",
        {"nearby": reports_nearby(category=category, lat=lat, lng=lng)},
    )


@public
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    get = request.GET
    filters = ReportFilters(
        category=get.get("category", "")[:40],
        status=get.get("status", "")[:10],
        agency=get.get("agency", "")[:40],
    )
    raw = get.get("page", "1")
    page = reports_page(
        filters=filters, page_number=int(raw) if raw.isdigit() and len(raw) < 7 else 1
    )
    rows = [(r, report_state_name(r)) for r in page.object_list]
    query = get.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/index.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "categories": categories_active(),
            "wards": agencies_local(),
            "query": query.urlencode(),
            "followed_areas": _followed_areas(request),
        },
    )


@public
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    report = report_public(public_id=public_id)
    if report is None:
        raise Http404
    user = request.user
    is_reporter = user.is_authenticated and report.case.applicant_id == user.pk
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect(f"{reverse('accounts:signin')}?{urlencode({'next': request.path})}")
        assert isinstance(user, User)
        try:
            _act(request, user, report)
        except AppError as exc:
            messages.error(request, exc.message)
        return redirect("reports:detail", public_id=public_id)
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "state": report_state_name(report),
            "is_reporter": is_reporter,
            "photos": report_photos(report=report, official=False),
            "timeline": case_timeline(case=report.case, public_only=True),
            "following": user.is_authenticated and report.follows.filter(user=user).exists(),
            "followed_areas": _followed_areas(request),
        },
    )


def _followed_areas(request: HttpRequest) -> set[str]:
    """Codes of the wards the person follows, so the page offers "stop" instead of "follow"."""
    if not request.user.is_authenticated:
        return set()
    return set(
        AreaFollow.objects.filter(user_id=request.user.pk).values_list("agency__code", flat=True)
    )


def _act(request: HttpRequest, user: User, report: Any) -> None:
    post = request.POST
    what = post.get("do", "")
    if what == "support":
        report_support(report=report, user=user)
        messages.success(request, _("Thank you. You will be told when it is fixed."))
    elif what in {"follow", "unfollow"}:
        report_follow(report=report, user=user, on=what == "follow")
    elif what == "reopen":
        report_reopen(report=report, user=user, reason=post.get("reason", ""), request=request)
        messages.success(request, _("Reopened. The agency has been told."))
    elif what == "rate":
        raw = post.get("rating", "")
        report_rate(
            report=report,
            user=user,
            rating=int(raw) if raw.isdigit() else 0,
            comment=post.get("comment", ""),
        )
        messages.success(request, _("Thank you for your rating."))
    else:
        raise AppError("reports.bad_request", _("Nothing to do."))


@public
@require_GET
def photo(request: HttpRequest, photo_id: Any) -> HttpResponseBase:
    """Public photos of public reports; hidden ones only for officials of the agency."""
    found = (
        ReportPhoto.objects.select_related("report__case__agency")
        .filter(public_id=photo_id)
        .first()
    )
    if found is None:
        raise Http404
    report = found.report
    official = request.user.is_authenticated and can_view(request.user, report.case.agency)
    if (found.is_hidden or not report.is_public) and not official:
        raise Http404
    name = (
        found.thumbnail_name
        if request.GET.get("thumb") and found.thumbnail_name
        else found.storage_name
    )
    return upload_response(name=name, download_name=f"{report.case.code}.jpg", inline=True)
