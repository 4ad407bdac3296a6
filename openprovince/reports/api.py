"""JSON API for reports (`/api/v1/`): the public list and pages, filing from the Zalo mini
app, and the reporter's steps. The officials' steps are in api_office.py.

Handlers parse input, call a service and shape the answer; the services decide who may do what
(see docs/reports-api.md). Public answers carry only what the public pages show.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.decorators import decorate_view
from ninja.files import UploadedFile as UploadedPhoto
from ninja.renderers import JSONRenderer

from openprovince.accounts.api import private, signed_in
from openprovince.accounts.current import api_user
from openprovince.accounts.models import User
from openprovince.agencies.models import Agency
from openprovince.agencies.selectors import LOCAL_TYPES
from openprovince.cases.api_channel import api_channel
from openprovince.cases.timeline_data import TimelineOut, case_timeline_data
from openprovince.core.errors import AppError, NotFound
from openprovince.core.geo import valid_point
from openprovince.core.idempotency import keep_answer
from openprovince.core.text import parse_uuid, strip_invisible

from .models import Report, ReportCategory, ReportPhoto
from .selectors import (
    PAGE_SIZE,
    ReportFilters,
    categories_active,
    report_photos,
    report_public,
    report_state_name,
    reports_page,
)
from .services.duplicates import report_follow, report_support, reports_nearby
from .services.handling import (
    report_rate,
    report_reopen,
)
from .services.submission import ReportInput, report_check, report_send

router = Router(tags=["reports"])
_JSON = JSONRenderer()

MAX_NOTE = 5000


# --- Schemas ---------------------------------------------------------------------------------


class CategoryOut(Schema):
    code: str
    name: str
    name_en: str
    icon: str
    questions: list[dict[str, Any]]


class CategoryRefOut(Schema):
    code: str
    name: str
    name_en: str


class AgencyRefOut(Schema):
    code: str
    name: str


class PhotoOut(Schema):
    id: str
    url: str
    thumbnail: str


class ReportOut(Schema):
    id: str
    code: str
    title: str
    category: CategoryRefOut
    status: str
    state: str
    state_name: str
    agency: AgencyRefOut
    lat: float | None
    lng: float | None
    address: str
    description: str | None  # None: hidden by moderation
    supporters: int
    photos: list[PhotoOut]
    created_at: datetime
    updated_at: datetime


class ReportPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[ReportOut]


class NearbyOut(ReportOut):
    distance_m: int


class ReportDetailOut(ReportOut):
    reporter_name: str | None  # only when the reporter chose to be named
    after_photos: list[PhotoOut]
    duplicate_of: str | None
    timeline: list[TimelineOut]


class MyReportOut(ReportOut):
    is_public: bool
    rating: int | None
    rating_comment: str


class MyReportPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[MyReportOut]


class SupportOut(Schema):
    added: bool
    supporters: int


class FollowOut(Schema):
    following: bool


class ReportForm(Schema):
    """The fields of the HTML form; answers to the category's questions come as `q_<code>`."""

    category: str = ""
    lat: str = ""  # decimal point or comma; checked by the service with a clear message
    lng: str = ""
    address: str = ""
    ward: str = ""  # code of the commune or ward, with a typed address instead of a point
    description: str = ""
    show_name: bool = False
    photo_location: bool = False  # use the place where a photo was taken


class ReopenIn(Schema):
    reason: str


class RateIn(Schema):
    rating: int
    comment: str = ""


# --- Shaping ---------------------------------------------------------------------------------


def _photo_url(photo: ReportPhoto) -> str:
    return reverse("reports:photo", args=[photo.public_id])


def _photo(photo: ReportPhoto) -> dict[str, Any]:
    url = _photo_url(photo)
    return {"id": str(photo.public_id), "url": url, "thumbnail": f"{url}?thumb=1"}


def _visible_before(report: Report) -> list[ReportPhoto]:
    """Public "before" photos; prefetched as `public_before` by `_prefetched`."""
    cached = getattr(report, "public_before", None)
    if cached is not None:
        return list(cached)
    return report_photos(report=report, official=False)["before"]


def _prefetched(reports: Any) -> list[Report]:
    """The reports of a list with what `_report` reads, in a few queries for the lot."""
    items = list(reports)
    visible = ReportPhoto.objects.filter(kind=ReportPhoto.Kind.BEFORE, is_hidden=False)
    prefetch_related_objects(
        items,
        "case__agency",
        "category",
        Prefetch("photos", queryset=visible.order_by("created_at"), to_attr="public_before"),
    )
    return items


def _report(report: Report, *, own: bool = False) -> dict[str, Any]:
    case, agency, category = report.case, report.case.agency, report.category
    hidden = report.description_hidden and not own
    return {
        "id": str(case.public_id),
        "code": case.code,
        "title": case.title,
        "category": {"code": category.code, "name": category.name, "name_en": category.name_en},
        "status": report.status,
        "state": case.state,
        "state_name": report_state_name(report),
        "agency": {"code": agency.code, "name": agency.name},
        "lat": report.lat,
        "lng": report.lng,
        "address": report.address,
        "description": None if hidden else report.description,
        "supporters": report.supporters,
        "photos": [_photo(p) for p in _visible_before(report)],
        "created_at": report.created_at,
        "updated_at": report.updated_at,
    }


def _mine(report: Report) -> dict[str, Any]:
    return {
        **_report(report, own=True),
        "is_public": report.is_public,
        "rating": report.case.rating,
        "rating_comment": report.case.rating_comment,
    }


def _duplicate_of(report: Report, *, official: bool) -> str | None:
    original = report.duplicate_of
    if original is None or not (official or original.is_public):
        return None
    return str(original.case.public_id)


def _detail(report: Report) -> dict[str, Any]:
    applicant = report.case.applicant if report.show_name else None
    return {
        **_report(report),
        "reporter_name": applicant.shown_name if applicant else None,
        "after_photos": [_photo(p) for p in report_photos(report=report, official=False)["after"]],
        "duplicate_of": _duplicate_of(report, official=False),
        "timeline": case_timeline_data(report.case, official=False, hide_opening_note=True),
    }


def _page(page: Page[Any], shape: Any) -> dict[str, Any]:
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "items": [shape(r) for r in _prefetched(page.object_list)],
    }


# --- Lookups ---------------------------------------------------------------------------------


def _not_found() -> NotFound:
    return NotFound("reports.not_found", _("No report has this id."))


def _public(report_id: str) -> Report:
    found = parse_uuid(report_id)
    report = report_public(public_id=found) if found else None
    if report is None:
        raise _not_found()
    return report


def _for_citizen(report_id: str, user: User) -> Report:
    """A public report, or the person's own even when moderation hid it."""
    found = parse_uuid(report_id)
    report = (
        Report.objects.select_related("case", "case__agency", "category")
        .filter(case__public_id=found)
        .first()
        if found
        else None
    )
    if report is None or not (report.is_public or report.case.applicant_id == user.pk):
        raise _not_found()
    return report


def _note(text: str) -> str:
    return strip_invisible(text, keep_newlines=True).strip()[:MAX_NOTE]


def _photos(files: list[UploadedPhoto] | None) -> list[UploadedFile]:
    return [f for f in files or [] if isinstance(f, UploadedFile)]


# --- Public ----------------------------------------------------------------------------------


@router.get("/report-categories", response=list[CategoryOut], summary="What can be reported")
def list_categories(request: HttpRequest) -> list[ReportCategory]:
    return list(categories_active())


@router.get("/reports", response=ReportPageOut, summary="Public reports, newest first")
def list_reports(
    request: HttpRequest, category: str = "", status: str = "", agency: str = "", page: int = 1
) -> dict[str, Any]:
    filters = ReportFilters(category=category[:40], status=status[:10], agency=agency[:40])
    return _page(reports_page(filters=filters, page_number=max(1, min(page, 100_000))), _report)


@router.get(
    "/reports/nearby", response=list[NearbyOut], summary="Open reports like this one nearby"
)
def nearby_reports(
    request: HttpRequest, category: str, lat: float, lng: float
) -> list[dict[str, Any]]:
    """For the app before sending: a person can say "me too" instead of reporting again."""
    found = categories_active().filter(code=category[:40]).first()
    if found is None:
        message = _("Choose what the problem is (or “not sure”).")
        raise AppError("reports.invalid", message, fields={"category": [message]})
    if not valid_point(lat, lng):
        message = _("These coordinates are not valid.")
        raise AppError("reports.invalid", message, fields={"location": [message]})
    pairs = reports_nearby(category=found, lat=lat, lng=lng)
    _prefetched(r for r, _distance in pairs)
    return [{**_report(r), "distance_m": round(distance)} for r, distance in pairs]


@router.get("/reports/{report_id}", response=ReportDetailOut, summary="One public report")
def get_report(request: HttpRequest, report_id: str) -> dict[str, Any]:
    return _detail(_public(report_id))


# --- Citizens --------------------------------------------------------------------------------


@router.post(
    "/reports",
    response={201: MyReportOut},
    auth=signed_in,
    summary="Report a problem (multipart, up to 5 photos)",
)
def create_report(
    request: HttpRequest,
    form: Form[ReportForm],
    photos: File[list[UploadedPhoto] | None] = None,
) -> HttpResponse:
    user = api_user(request)
    data = ReportInput(
        category=categories_active().filter(code=form.category[:40]).first(),
        lat=form.lat or None,
        lng=form.lng or None,
        address=form.address,
        ward=Agency.objects.filter(
            code=form.ward[:40], is_active=True, type__code__in=LOCAL_TYPES
        ).first()
        if form.ward
        else None,
        description=form.description,
        answers={k[2:]: v for k, v in request.POST.items() if k.startswith("q_")},
        photos=_photos(photos),
        use_photo_location=form.photo_location,
        show_name=form.show_name,
        channel=api_channel(request),
    )
    # The answer is built here, not by Ninja after the return: it is kept with the report
    # (the Idempotency-Key's answer commits in the report's transaction).
    _report, created = report_send(
        request,
        checked=report_check(data),
        user=user,
        answer=lambda report: keep_answer(request, _created(request, report)),
    )
    return created


def _created(request: HttpRequest, report: Report) -> HttpResponse:
    """The 201 answer Ninja gives for `response={201: MyReportOut}` (its JSON renderer)."""
    body = MyReportOut.model_validate(_mine(report), context={"request": request}).model_dump()
    content = _JSON.render(request, body, response_status=201)
    return HttpResponse(
        content, status=201, content_type=f"{_JSON.media_type}; charset={_JSON.charset}"
    )


@router.get("/me/reports", response=MyReportPageOut, auth=signed_in, summary="My reports")
@decorate_view(private)
def my_reports(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    qs = (
        Report.objects.filter(case__applicant=api_user(request))
        .select_related("case", "case__agency", "category")
        .order_by("-created_at", "-id")
    )
    result = Paginator(qs, PAGE_SIZE).get_page(max(1, min(page, 100_000)))
    return _page(result, _mine)


@router.post(
    "/reports/{report_id}/support",
    response=SupportOut,
    auth=signed_in,
    summary="This is my problem too",
)
def support_report(request: HttpRequest, report_id: str) -> dict[str, Any]:
    user = api_user(request)
    report = _public(report_id)
    # The reporter is counted already ("supporters" are the others).
    added = report.case.applicant_id != user.pk and report_support(report=report, user=user)
    report.refresh_from_db(fields=["supporters"])
    return {"added": added, "supporters": report.supporters}


@router.post(
    "/reports/{report_id}/follow", response=FollowOut, auth=signed_in, summary="Follow a report"
)
def follow_report(request: HttpRequest, report_id: str) -> dict[str, Any]:
    user = api_user(request)
    report = _for_citizen(report_id, user)
    report_follow(report=report, user=user, on=True)
    return {"following": True}


@router.delete(
    "/reports/{report_id}/follow",
    response=FollowOut,
    auth=signed_in,
    summary="Stop following a report",
)
def unfollow_report(request: HttpRequest, report_id: str) -> dict[str, Any]:
    """Supporters keep following: a "me too" cannot be taken back."""
    user = api_user(request)
    report = _for_citizen(report_id, user)
    report_follow(report=report, user=user, on=False)
    return {"following": report.follows.filter(user=user).exists()}


@router.post(
    "/reports/{report_id}/reopen",
    response=MyReportOut,
    auth=signed_in,
    summary="It is not fixed (the reporter, within the reopen window)",
)
def reopen_report(request: HttpRequest, report_id: str, body: ReopenIn) -> dict[str, Any]:
    user = api_user(request)
    report = _for_citizen(report_id, user)
    reason = _note(body.reason)
    if not reason:
        raise AppError(
            "reports.reason_required", _("Give a reason."), fields={"reason": [_("Required.")]}
        )
    report_reopen(report=report, user=user, reason=reason, request=request)
    return _mine(_for_citizen(report_id, user))


@router.post(
    "/reports/{report_id}/rate",
    response=MyReportOut,
    auth=signed_in,
    summary="Rate the response (the reporter)",
)
def rate_report(request: HttpRequest, report_id: str, body: RateIn) -> dict[str, Any]:
    user = api_user(request)
    report = _for_citizen(report_id, user)
    report_rate(report=report, user=user, rating=body.rating, comment=body.comment)
    return _mine(_for_citizen(report_id, user))
