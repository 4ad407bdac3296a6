"""JSON API for officials' work on reports (`/api/v1/office/reports…`): the report with
everything the agency needs, and its steps (transition, resolve with photos, merge, re-route,
re-categorise, moderate). Browser office sessions only (second factor done); see
docs/reports-api.md."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.decorators import decorate_view
from ninja.files import UploadedFile as UploadedPhoto

from openprovince.accounts.api import office_session, private
from openprovince.accounts.current import api_user
from openprovince.accounts.models import User
from openprovince.accounts.phone import phone_display
from openprovince.accounts.rules import is_official
from openprovince.accounts.services.privacy import consent_active
from openprovince.agencies.models import Agency
from openprovince.cases.definitions import workflow_by_id
from openprovince.cases.services.transitions import actions_available, case_transition
from openprovince.cases.timeline_data import OfficeTimelineOut, case_timeline_data
from openprovince.core.errors import AppError, PermissionDenied
from openprovince.core.text import parse_uuid

from .api import (
    AgencyRefOut,
    CategoryRefOut,
    PhotoOut,
    _duplicate_of,
    _not_found,
    _note,
    _photo,
    _photos,
)
from .models import Report, ReportPhoto
from .selectors import categories_active, report_for_official, report_photos
from .services.handling import (
    report_merge,
    report_moderate,
    report_recategorise,
    report_reroute,
    report_resolve,
)
from .services.submission import MAX_PHOTOS

router = Router(tags=["reports"])

SHARE_PHONE = "share-phone-with-handler"


# --- Schemas ---------------------------------------------------------------------------------


class OfficePhotoOut(PhotoOut):
    hidden: bool


class ReporterOut(Schema):
    name: str
    phone: str | None  # only with the reporter's consent "share-phone-with-handler"


class ActionOut(Schema):
    code: str
    name: str
    note_required: bool


class OfficeReportOut(Schema):
    id: str
    code: str
    title: str
    category: CategoryRefOut
    status: str
    state: str
    state_name: str
    version: int
    agency: AgencyRefOut
    assignee: str | None
    channel: str
    lat: float | None
    lng: float | None
    address: str
    description: str
    answers: dict[str, Any]
    show_name: bool
    is_public: bool
    description_hidden: bool
    supporters: int
    duplicate_of: str | None
    reporter: ReporterOut | None
    due_at: datetime | None
    closed_at: datetime | None
    rating: int | None
    rating_comment: str
    photos: list[OfficePhotoOut]
    after_photos: list[OfficePhotoOut]
    actions: list[ActionOut]
    timeline: list[OfficeTimelineOut]
    created_at: datetime
    updated_at: datetime


class TransitionIn(Schema):
    action: str
    note: str = ""
    version: int | None = None


class ResolveForm(Schema):
    response: str = ""
    version: int | None = None


class MergeIn(Schema):
    into: str
    note: str = ""


class RerouteIn(Schema):
    agency: str
    reason: str


class RecategoriseIn(Schema):
    category: str
    reason: str


class ModerateIn(Schema):
    reason: str
    hide_description: bool = False
    hide_photo: str | None = None  # a photo id
    hide_report: bool = False


# --- Shaping and lookups ---------------------------------------------------------------------


def _reporter(applicant: User | None) -> dict[str, Any] | None:
    if applicant is None:
        return None
    shares = applicant.phone and consent_active(user=applicant, purpose_code=SHARE_PHONE)
    return {
        "name": applicant.shown_name,
        "phone": phone_display(applicant.phone) if shares and applicant.phone else None,
    }


def _office(report: Report, user: User) -> dict[str, Any]:
    case, category = report.case, report.category
    photos = report_photos(report=report, official=True)
    workflow = workflow_by_id(case.definition_id)
    state = workflow.states.get(case.state)

    def shown(photo: ReportPhoto) -> dict[str, Any]:
        return {**_photo(photo), "hidden": photo.is_hidden}

    return {
        "id": str(case.public_id),
        "code": case.code,
        "title": case.title,
        "category": {"code": category.code, "name": category.name, "name_en": category.name_en},
        "status": report.status,
        "state": case.state,
        "state_name": state.display_name if state else case.state,
        "version": case.version,
        "agency": {"code": case.agency.code, "name": case.agency.name},
        "assignee": case.assignee.shown_name if case.assignee else None,
        "channel": case.channel,
        "lat": report.lat,
        "lng": report.lng,
        "address": report.address,
        "description": report.description,
        "answers": report.answers,
        "show_name": report.show_name,
        "is_public": report.is_public,
        "description_hidden": report.description_hidden,
        "supporters": report.supporters,
        "duplicate_of": _duplicate_of(report, official=True),
        "reporter": _reporter(case.applicant),
        "due_at": case.due_at,
        "closed_at": case.closed_at,
        "rating": case.rating,
        "rating_comment": case.rating_comment,
        "photos": [shown(p) for p in photos["before"]],
        "after_photos": [shown(p) for p in photos["after"]],
        "actions": [
            {"code": a.code, "name": a.display_name, "note_required": a.note_required}
            for a in actions_available(user=user, case=case)
        ],
        "timeline": case_timeline_data(case, official=True),
        "created_at": report.created_at,
        "updated_at": report.updated_at,
    }


def _for_official(request: HttpRequest, report_id: str) -> tuple[Report, User]:
    """Officials only (403 for anyone else); a report outside their agencies is 404."""
    user = api_user(request)
    if not (user.is_staff and is_official(user)):
        raise PermissionDenied("reports.not_allowed", _("You may not handle this report."))
    found = parse_uuid(report_id)
    report = report_for_official(user=user, public_id=found) if found else None
    if report is None:
        raise _not_found()
    return report, user


def _office_fresh(report: Report, user: User) -> dict[str, Any]:
    fresh = report_for_official(user=user, public_id=report.case.public_id)
    return _office(fresh or report, user)


# --- Endpoints ------------------------------------------------------------------------------


@router.get(
    "/office/reports/{report_id}",
    response=OfficeReportOut,
    auth=office_session,
    summary="A report with everything the agency needs",
)
@decorate_view(private)
def office_report(request: HttpRequest, report_id: str) -> dict[str, Any]:
    report, user = _for_official(request, report_id)
    return _office(report, user)


@router.post(
    "/office/reports/{report_id}/transition",
    response=OfficeReportOut,
    auth=office_session,
    summary="Take a workflow step",
)
def transition_report(request: HttpRequest, report_id: str, body: TransitionIn) -> dict[str, Any]:
    report, user = _for_official(request, report_id)
    action = body.action[:40]
    if action == "resolve":  # needs the response and an "after" photo: its own endpoint
        message = _("Add at least one photo taken after the work.")
        raise AppError("reports.use_resolve", message, fields={"action": [message]})
    if action == "mark_duplicate":  # moves followers and photos: its own endpoint
        message = _("Merge it into the report it repeats instead.")
        raise AppError("reports.use_merge", message, fields={"action": [message]})
    case_transition(
        case_id=report.case_id,
        action=action,
        actor=user,
        note=_note(body.note),
        expected_version=body.version,
        request=request,
    )
    return _office_fresh(report, user)


@router.post(
    "/office/reports/{report_id}/resolve",
    response=OfficeReportOut,
    auth=office_session,
    summary="Mark as fixed: a public response and 1–5 photos after the work (multipart)",
)
def resolve_report(
    request: HttpRequest,
    report_id: str,
    form: Form[ResolveForm],
    photos: File[list[UploadedPhoto] | None] = None,
) -> dict[str, Any]:
    report, user = _for_official(request, report_id)
    files, response = _photos(photos), _note(form.response)
    if not response:  # checked before any photo is stored
        raise AppError(
            "cases.note_required",
            _("Write a note for this step."),
            fields={"response": [_("Required.")]},
        )
    if len(files) > MAX_PHOTOS:
        message = _("At most 5 photos.")
        raise AppError("reports.invalid", message, fields={"photos": [message]})
    try:
        report_resolve(
            report=report,
            by=user,
            response=response,
            after_photos=files,
            expected_version=form.version,
            request=request,
        )
    except AppError as exc:
        if exc.code.startswith("uploads.") and not exc.fields:
            exc.fields = {"photos": [exc.message]}  # a file that is not a usable photo
        raise
    return _office_fresh(report, user)


@router.post(
    "/office/reports/{report_id}/merge",
    response=OfficeReportOut,
    auth=office_session,
    summary="Close as a duplicate of another report (returns the report merged into)",
)
def merge_report(request: HttpRequest, report_id: str, body: MergeIn) -> dict[str, Any]:
    report, user = _for_official(request, report_id)
    into = parse_uuid(body.into)
    original = report_for_official(user=user, public_id=into) if into else None
    if original is None:
        message = _("No report has this id.")
        raise AppError("reports.invalid", message, fields={"into": [message]})
    report_merge(
        duplicate=report, original=original, by=user, note=_note(body.note), request=request
    )
    return _office_fresh(original, user)


@router.post(
    "/office/reports/{report_id}/reroute",
    response=OfficeReportOut,
    auth=office_session,
    summary="Send to another agency, with a reason",
)
def reroute_report(request: HttpRequest, report_id: str, body: RerouteIn) -> dict[str, Any]:
    report, user = _for_official(request, report_id)
    agency = Agency.objects.filter(code=body.agency[:40], is_active=True).first()
    if agency is None:
        message = _("No agency has this code.")
        raise AppError("reports.invalid", message, fields={"agency": [message]})
    report_reroute(report=report, agency=agency, by=user, reason=body.reason, request=request)
    return _office_fresh(report, user)


@router.post(
    "/office/reports/{report_id}/recategorise",
    response=OfficeReportOut,
    auth=office_session,
    summary="Change the category, with a reason",
)
def recategorise_report(
    request: HttpRequest, report_id: str, body: RecategoriseIn
) -> dict[str, Any]:
    report, user = _for_official(request, report_id)
    category = categories_active().filter(code=body.category[:40]).first()
    if category is None:
        message = _("Choose what the problem is (or “not sure”).")
        raise AppError("reports.invalid", message, fields={"category": [message]})
    report_recategorise(
        report=report, category=category, by=user, reason=body.reason, request=request
    )
    return _office_fresh(report, user)


@router.post(
    "/office/reports/{report_id}/moderate",
    response=OfficeReportOut,
    auth=office_session,
    summary="Hide personal data from the public, with a reason",
)
def moderate_report(request: HttpRequest, report_id: str, body: ModerateIn) -> dict[str, Any]:
    report, user = _for_official(request, report_id)
    photo = None
    if body.hide_photo:
        photo_id = parse_uuid(body.hide_photo)
        photo = report.photos.filter(public_id=photo_id).first() if photo_id else None
        if photo is None:
            message = _("This file no longer exists.")
            raise AppError("reports.invalid", message, fields={"hide_photo": [message]})
    report_moderate(
        report=report,
        by=user,
        reason=body.reason,
        hide_description=body.hide_description,
        hide_photo=photo,
        hide_report=body.hide_report,
        request=request,
    )
    return _office_fresh(report, user)
