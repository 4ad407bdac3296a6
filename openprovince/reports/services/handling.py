"""What officials and reporters do to a report beyond the generic case steps: resolve with an
"after" photo, reopen within the window, rate, merge duplicates, re-route, re-categorise,
moderate. Every step goes through the case engine's one transition service."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.accounts.models import User
from openprovince.accounts.rules import can_handle
from openprovince.agencies.models import Agency
from openprovince.cases.definitions import workflow_by_id
from openprovince.cases.hooks import on_transition
from openprovince.cases.models import Case, CaseAttachment, CaseEvent
from openprovince.cases.services.notify import case_update_context
from openprovince.cases.services.transitions import case_transition
from openprovince.cases.workflow import Action
from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError, PermissionDenied
from openprovince.core.text import clean_line
from openprovince.core.uploads import PHOTO, upload_process, upload_save
from openprovince.notifications.outbox import notification_enqueue

from ..models import Report, ReportCategory, ReportFollow, ReportPhoto

RESOLVED = "resolved"


def _sync(case: Case, action: Action) -> None:
    """Keep the report's public status in step with its case, whoever moved it."""
    fields: dict[str, object] = {"status": "closed" if case.closed_at else "open"}
    if action.to == RESOLVED:
        fields["resolved_at"] = timezone.now()
    Report.objects.filter(case=case).update(**fields, updated_at=timezone.now())


on_transition("report", _sync)


def _official(user: User, report: Report) -> None:
    if not can_handle(user, report.case.agency):
        raise PermissionDenied("reports.not_allowed", _("You may not handle this report."))


def report_resolve(
    *,
    report: Report,
    by: User,
    response: str,
    after_photos: list[UploadedFile],
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Report:
    """Fixed: a public response and at least one "after" photo, both required."""
    _official(by, report)
    if not after_photos:
        raise AppError(
            "reports.after_photo_required",
            _("Add at least one photo taken after the work."),
            fields={"photos": [_("Required.")]},
        )
    processed = [
        upload_process(data=f, filename=f.name or "", kind=PHOTO) for f in after_photos[:5]
    ]
    stored = [(p, upload_save(processed=p, prefix="reports")) for p in processed]
    with transaction.atomic():
        attachment_ids = []
        for p, (name, thumb) in stored:
            ReportPhoto.objects.create(
                report=report,
                kind=ReportPhoto.Kind.AFTER,
                storage_name=name,
                thumbnail_name=thumb or "",
                width=p.width or 0,
                height=p.height or 0,
                uploaded_by=by,
            )
            attachment_ids.append(
                CaseAttachment.objects.create(
                    case=report.case,
                    uploaded_by=by,
                    storage_name=name,
                    thumbnail_name=thumb or "",
                    content_type=p.content_type,
                    size=len(p.content),
                    original_name=p.original_name,
                ).pk
            )
        case_transition(
            case_id=report.case_id,
            action="resolve",
            actor=by,
            note=response,
            attachment_ids=tuple(attachment_ids),
            expected_version=expected_version,
            request=request,
        )
        _tell_followers(report, exclude=report.case.applicant_id)
    report.refresh_from_db()
    return report


def report_reopen(
    *, report: Report, user: User, reason: str, request: HttpRequest | None = None
) -> Report:
    """ "It is not fixed": only while the report waits for confirmation, within the window."""
    case = report.case
    if case.state != RESOLVED:
        raise AppError("reports.not_resolved", _("Only a report marked as fixed can be reopened."))
    window = timedelta(days=settings.REPORTS_REOPEN_DAYS)
    if timezone.now() - case.state_entered_at > window:
        raise AppError(
            "reports.reopen_window_passed",
            _(
                "It is more than %(days)d days since this was marked as fixed, so it "
                "can no longer be reopened. Please send a new report with a photo."
            )
            % {"days": settings.REPORTS_REOPEN_DAYS},
        )
    case_transition(case_id=case.pk, action="reopen", actor=user, note=reason, request=request)
    report.refresh_from_db()
    return report


def reports_close_confirmed(*, now: datetime | None = None) -> int:
    """Reports fixed longer ago than the reopen window close as fixed (the platform confirms)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.REPORTS_REOPEN_DAYS)
    closed = 0
    for case_id in Case.objects.filter(
        kind="report", state=RESOLVED, state_entered_at__lt=cutoff
    ).values_list("pk", flat=True)[:500]:
        try:
            case_transition(
                case_id=case_id,
                action="confirm",
                actor=None,
                system=True,
                note=_("Nobody said it was not fixed within %(days)d days.")
                % {"days": settings.REPORTS_REOPEN_DAYS},
            )
        except AppError:  # moved meanwhile (reopened): leave it
            continue
        closed += 1
    return closed


def report_rate(*, report: Report, user: User, rating: int, comment: str = "") -> Report:
    """The reporter rates the response once it is fixed or closed."""
    case = report.case
    if case.applicant_id != user.pk:
        raise PermissionDenied("reports.not_allowed", _("Only the person who reported can rate."))
    if case.state != RESOLVED and case.closed_at is None:
        raise AppError("reports.not_finished", _("You can rate once there is a response."))
    if rating not in range(1, 6):
        raise AppError(
            "reports.bad_rating",
            _("Choose 1 to 5 stars."),
            fields={"rating": [_("Choose 1 to 5 stars.")]},
        )
    case.rating, case.rating_comment = rating, clean_line(comment, max_length=500)
    case.save(update_fields=["rating", "rating_comment", "updated_at"])
    return report


def report_merge(
    *,
    duplicate: Report,
    original: Report,
    by: User,
    note: str = "",
    request: HttpRequest | None = None,
) -> Report:
    """Close `duplicate` as a duplicate of `original`; its followers and photos move over."""
    _official(by, duplicate)
    if duplicate.pk == original.pk or original.duplicate_of_id == duplicate.pk:
        raise AppError("reports.bad_merge", _("A report cannot be merged into itself."))
    with transaction.atomic():
        moved = 0
        for follow in ReportFollow.objects.filter(report=duplicate):
            _follow, created = ReportFollow.objects.get_or_create(
                report=original, user=follow.user, defaults={"supports": True}
            )
            moved += int(created)
        ReportPhoto.objects.filter(report=duplicate, kind=ReportPhoto.Kind.BEFORE).update(
            report=original
        )
        Report.objects.filter(pk=original.pk).update(
            supporters=F("supporters")
            + moved  # each person once: the reporter and supporters of the duplicate
        )
        Report.objects.filter(pk=duplicate.pk).update(duplicate_of=original)
        case_transition(
            case_id=duplicate.case_id,
            action="mark_duplicate",
            actor=by,
            note=note or _("The same problem as %(code)s.") % {"code": original.case.code},
            request=request,
        )
        CaseEvent.objects.create(
            case=original.case,
            actor=by,
            actor_label=by.shown_name,
            action="merge",
            is_public=True,
            note=_("Report %(code)s was merged into this one.") % {"code": duplicate.case.code},
        )
    original.refresh_from_db()
    return original


def _reason(text: str) -> str:
    """Re-routing, re-categorising and moderating each need a reason, kept to one line."""
    reason = clean_line(text, max_length=500)
    if not reason:
        raise AppError(
            "reports.reason_required", _("Give a reason."), fields={"reason": [_("Required.")]}
        )
    return reason


def report_reroute(
    *, report: Report, agency: Agency, by: User, reason: str, request: HttpRequest | None = None
) -> Report:
    _official(by, report)
    reason = _reason(reason)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=report.case_id)
        old = case.agency
        case.agency, case.version = agency, case.version + 1
        case.save(update_fields=["agency", "version", "updated_at"])
        CaseEvent.objects.create(
            case=case,
            actor=by,
            actor_label=by.shown_name,
            action="reroute",
            note=reason,
            is_public=True,
            data={"from": old.code, "to": agency.code},
        )
        audit_record(
            action="report.reroute",
            request=request,
            actor=by,
            target=case,
            agency_code=agency.code,
            details={"from": old.code, "reason": reason},
        )
        _tell_applicant(case)
    report.refresh_from_db()
    return report


def report_recategorise(
    *,
    report: Report,
    category: ReportCategory,
    by: User,
    reason: str,
    request: HttpRequest | None = None,
) -> Report:
    _official(by, report)
    reason = _reason(reason)
    with transaction.atomic():
        old = report.category
        Report.objects.filter(pk=report.pk).update(category=category)
        CaseEvent.objects.create(
            case=report.case,
            actor=by,
            actor_label=by.shown_name,
            action="recategorise",
            note=reason,
            is_public=True,
            data={"from": old.code, "to": category.code},
        )
        audit_record(
            action="report.recategorise",
            request=request,
            actor=by,
            target=report.case,
            details={"from": old.code, "to": category.code},
        )
        _tell_applicant(report.case)
    report.refresh_from_db()
    return report


def report_moderate(
    *,
    report: Report,
    by: User,
    reason: str,
    hide_description: bool = False,
    hide_photo: ReportPhoto | None = None,
    hide_report: bool = False,
    request: HttpRequest | None = None,
) -> Report:
    """Hide personal data (faces, plates, names in the text) from the public, with a reason."""
    _official(by, report)
    reason = _reason(reason)
    with transaction.atomic():
        if hide_description:
            Report.objects.filter(pk=report.pk).update(description_hidden=True)
        if hide_photo is not None and hide_photo.report_id == report.pk:
            ReportPhoto.objects.filter(pk=hide_photo.pk).update(is_hidden=True)
        if hide_report:
            Report.objects.filter(pk=report.pk).update(is_public=False)
        audit_record(
            action="report.moderate",
            request=request,
            actor=by,
            target=report.case,
            details={
                "reason": reason,
                "description": hide_description,
                "photo": str(hide_photo.public_id) if hide_photo else None,
                "report": hide_report,
            },
        )
    report.refresh_from_db()
    return report


def _tell_applicant(case: Case) -> None:
    if case.applicant is not None:
        notification_enqueue(
            recipient=case.applicant,
            event="case.updated",
            context=case_update_context(case, workflow_by_id(case.definition_id)),
            link=f"/reports/{case.public_id}/",
        )


def _tell_followers(report: Report, *, exclude: int | None) -> None:
    """Everyone following the report, except `exclude` (the reporter, told by the engine)."""
    case = report.case
    context = case_update_context(case, workflow_by_id(case.definition_id))
    followers = ReportFollow.objects.filter(report=report)
    if exclude is not None:
        followers = followers.exclude(user_id=exclude)
    for follow in followers.select_related("user")[:1000]:
        notification_enqueue(
            recipient=follow.user,
            event="case.updated",
            context=context,
            link=f"/reports/{case.public_id}/",
        )
