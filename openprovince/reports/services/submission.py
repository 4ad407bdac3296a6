"""Filing a report: check, route, open its case, keep the photos — one transaction."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.accounts.models import User
from openprovince.agencies.models import Agency
from openprovince.cases.models import Case
from openprovince.cases.services.opening import case_open
from openprovince.core.audit import audit_record, client_ip
from openprovince.core.errors import AppError
from openprovince.core.geo import valid_point
from openprovince.core.models import AuditEvent
from openprovince.core.rows import row_insert
from openprovince.core.text import clean_line, strip_invisible
from openprovince.core.uploads import (
    PHOTO,
    ProcessedUpload,
    upload_process,
    upload_save,
    uploads_delete,
)
from openprovince.tasks import task_enqueue

from ..models import AreaFollow, Report, ReportCategory, ReportFollow, ReportPhoto
from ..routing import report_route
from .questions import answers_clean

A = TypeVar("A")  # what report_send's caller answers with

MAX_PHOTOS = 5
MAX_DESCRIPTION = 4000


@dataclass
class ReportInput:
    category: ReportCategory | None
    lat: float | str | None = None  # as typed or sent; checked by report_check
    lng: float | str | None = None
    address: str = ""
    ward: Agency | None = None
    description: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    photos: list[UploadedFile] = field(default_factory=list)
    use_photo_location: bool = False
    show_name: bool = False
    channel: str = Case.Channel.WEB


@dataclass
class CheckedReport:
    """Everything validated and the photos processed, ready to store (or keep as a draft)."""

    category: ReportCategory
    agency: Agency
    lat: float | None
    lng: float | None
    address: str
    description: str
    answers: dict[str, Any]
    photos: list[ProcessedUpload]
    show_name: bool
    channel: str


def _coordinate(value: Any) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        return math.nan
    return number


def report_check(data: ReportInput) -> CheckedReport:
    """Every problem at once (AppError `reports.invalid` with fields), or the checked report."""
    problems: dict[str, list[str]] = {}
    category = data.category
    if category is None or not category.is_active:
        problems["category"] = [_("Choose what the problem is (or “not sure”).")]
    if len(data.photos) > MAX_PHOTOS:
        problems["photos"] = [_("At most 5 photos.")]
    processed: list[ProcessedUpload] = []
    for upload in data.photos[:MAX_PHOTOS]:
        try:
            processed.append(upload_process(data=upload, filename=upload.name or "", kind=PHOTO))
        except AppError as exc:
            problems.setdefault("photos", []).append(f"{upload.name}: {exc.message}")
    lat, lng = _coordinate(data.lat), _coordinate(data.lng)
    if (lat is None) != (lng is None) or (
        lat is not None and lng is not None and not valid_point(lat, lng)
    ):
        problems["location"] = [_("These coordinates are not valid.")]
        lat = lng = None
    if lat is None and data.use_photo_location:
        located = next((p.gps for p in processed if p.gps), None)
        if located:
            lat, lng = located
    address = clean_line(data.address, max_length=300)
    if lat is None and not (address and data.ward is not None) and "location" not in problems:
        problems["location"] = [
            _(
                "Say where the problem is: use your location, put a pin "
                "on the map, or type the address and choose the ward."
            )
        ]
    description = strip_invisible(data.description, keep_newlines=True).strip()
    if len(description) > MAX_DESCRIPTION:
        problems["description"] = [_("At most 4,000 characters.")]
    answers: dict[str, Any] = {}
    if category is not None:
        try:
            answers = answers_clean(category=category, raw=data.answers)
        except AppError as exc:
            problems.update(exc.fields)
    agency = None
    if category is not None and "location" not in problems:
        try:
            agency = report_route(category=category, lat=lat, lng=lng, ward=data.ward)
        except AppError as exc:
            problems.update(exc.fields)
    if problems or category is None or agency is None:
        raise AppError("reports.invalid", _("Some details need your attention."), fields=problems)
    return CheckedReport(
        category=category,
        agency=agency,
        lat=lat,
        lng=lng,
        address=address,
        description=description,
        answers=answers,
        photos=processed,
        show_name=data.show_name,
        channel=data.channel,
    )


MINE = "applicant_id = %s AND kind = %s AND created_at >= %s"
FROM_IP = 'ip = %s AND action = %s AND "at" >= %s'
FOLLOWED = "agency_id = %s"


def _too_many(*, mine: bool) -> AppError:
    if mine:
        message = _(
            "You have sent many reports in the last hour. Please wait a little before sending more."
        )
    else:
        message = _(
            "Many reports were sent from this connection in the last hour. Please wait a little."
        )
    return AppError("reports.too_many", message, status=429)


def _prechecks(
    *, user: User, request: HttpRequest | None, agency: Agency | None
) -> tuple[int, int, bool]:
    """One statement for what is read before storing a report: the person's reports and the
    connection's submissions in the last hour (the throttle), and whether anyone follows the
    agency's area (`agency` given). Hand-written: the ORM would take three queries. Each count
    stops at its limit: the answer is the same, and the work stays bounded however many rows
    a busy address has."""
    cases, audit, follows = (
        connection.ops.quote_name(m._meta.db_table) for m in (Case, AuditEvent, AreaFollow)
    )
    since = connection.ops.adapt_datetimefield_value(timezone.now() - timedelta(hours=1))
    ip = client_ip(request)
    # Table names come from the models; every value is a parameter.
    parts = [
        f"(SELECT COUNT(*) FROM (SELECT 1 FROM {cases} WHERE {MINE} LIMIT %s) AS mine)"  # noqa: S608
    ]
    params: list[Any] = [user.pk, "report", since, settings.REPORTS_MAX_PER_USER_HOUR]
    if ip:
        parts.append(
            f"(SELECT COUNT(*) FROM (SELECT 1 FROM {audit} WHERE {FROM_IP} LIMIT %s) AS recent)"  # noqa: S608
        )
        params += [
            connection.ops.adapt_ipaddressfield_value(ip),
            "report.submit",
            since,
            settings.REPORTS_MAX_PER_IP_HOUR,
        ]
    if agency is not None:
        parts.append(f"EXISTS (SELECT 1 FROM {follows} WHERE {FOLLOWED})")  # noqa: S608
        params.append(agency.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = list(cursor.fetchone())
    mine = int(row.pop(0))
    recent = int(row.pop(0)) if ip else 0
    followed = bool(row.pop(0)) if agency is not None else False
    return mine, recent, followed


def _throttle_check(mine: int, recent: int) -> None:
    if mine >= settings.REPORTS_MAX_PER_USER_HOUR:
        raise _too_many(mine=True)
    if recent >= settings.REPORTS_MAX_PER_IP_HOUR:
        raise _too_many(mine=False)


def report_title(checked: CheckedReport) -> str:
    where = checked.address or (f"{checked.lat:.5f}, {checked.lng:.5f}" if checked.lat else "")
    return clean_line(
        f"{checked.category.name} – {where}" if where else checked.category.name, max_length=200
    )


@dataclass(frozen=True)
class SavedPhoto:
    name: str
    thumbnail: str
    width: int
    height: int


def photos_save(checked: CheckedReport) -> list[SavedPhoto]:
    """Store the processed photos (before the database writes: a failed transaction leaves
    files no row names, never a report without its photos; `photos_dropped_on_failure`
    deletes them when the failure is seen)."""
    saved = []
    for p in checked.photos:
        name, thumb = upload_save(processed=p, prefix="reports")
        saved.append(
            SavedPhoto(name=name, thumbnail=thumb or "", width=p.width or 0, height=p.height or 0)
        )
    return saved


@contextmanager
def photos_dropped_on_failure(photos: list[SavedPhoto]) -> Iterator[None]:
    """Around the transaction that names `photos` (just saved by this request, under random
    names): when it raises, it was rolled back, so no row names them and they are deleted —
    a second tap of the same form, a database error. Best effort: a file that cannot be
    deleted is logged and left, as a crash between saving and writing would leave it."""
    try:
        yield
    except BaseException:
        uploads_delete(name for photo in photos for name in (photo.name, photo.thumbnail))
        raise


def report_store(
    *,
    checked: CheckedReport,
    photos: list[SavedPhoto],
    user: User,
    request: HttpRequest | None = None,
    throttle: bool = True,
) -> Report:
    """Create the case, the report and its photos in one transaction. `throttle=False` is for
    callers with their own limit (Open311 integrators: a limit per key)."""
    followed = report_precheck(checked=checked, user=user, request=request, throttle=throttle)
    return report_write(
        checked=checked, photos=photos, user=user, request=request, area_followed=followed
    )


def report_precheck(
    *, checked: CheckedReport, user: User, request: HttpRequest | None, throttle: bool = True
) -> bool:
    """What `report_store` reads before its transaction: the throttle (raises 429) and whether
    anyone follows the report's area (returned), in one statement."""
    if not throttle:
        return AreaFollow.objects.filter(agency=checked.agency).exists()
    mine, recent, followed = _prechecks(user=user, request=request, agency=checked.agency)
    _throttle_check(mine, recent)
    return followed


def report_write(
    *,
    checked: CheckedReport,
    photos: list[SavedPhoto],
    user: User,
    request: HttpRequest | None,
    area_followed: bool,
) -> Report:
    """The writes of `report_store`, after `report_precheck`: in the caller's transaction when
    there is one (so what it writes with the report commits with it), else in their own."""
    # No savepoint: nothing here catches an error and carries on (as in case_open).
    with transaction.atomic(savepoint=False):
        case = case_open(
            kind="report",
            title=report_title(checked),
            agency=checked.agency,
            applicant=user,
            channel=checked.channel,
            note=checked.description[:500],
            due_working_days=checked.category.sla_working_days,
        )
        report = row_insert(
            Report(
                case=case,
                category=checked.category,
                lat=checked.lat,
                lng=checked.lng,
                address=checked.address,
                description=checked.description,
                answers=checked.answers,
                show_name=checked.show_name,
            )
        )
        for p in photos:  # most reports have one: a prepared insert beats compiling a bulk one
            row_insert(
                ReportPhoto(
                    report=report,
                    storage_name=p.name,
                    thumbnail_name=p.thumbnail,
                    width=p.width,
                    height=p.height,
                    uploaded_by=user,
                )
            )
        row_insert(ReportFollow(report=report, user=user))
        if report.is_public and area_followed:
            # Queued with the report (committed together); a busy ward's followers are told
            # by a worker, not inside the citizen's request.
            task_enqueue("reports.notify_area", report_id=report.pk)
        audit_record(
            action="report.submit",
            request=request,
            actor=user,
            target=case,
            agency_code=checked.agency.code,
            details={"category": checked.category.code, "photos": len(photos)},
        )
    return report


def report_send(
    request: HttpRequest | None,
    *,
    checked: CheckedReport,
    user: User,
    answer: Callable[[Report], A],
) -> tuple[Report, A]:
    """Store a checked report: the throttle first (429 before any file), the photos, then the
    writes in one transaction, inside which `answer(report)` runs: a view keeps its
    idempotent answer there (core.idempotency.keep_answer), so both commit together. The
    photos are deleted again when that transaction fails."""
    followed = report_precheck(checked=checked, user=user, request=request)
    photos = photos_save(checked)
    with photos_dropped_on_failure(photos), transaction.atomic():
        report = report_write(
            checked=checked, photos=photos, user=user, request=request, area_followed=followed
        )
        return report, answer(report)


def report_submit(*, data: ReportInput, user: User, request: HttpRequest | None = None) -> Report:
    """Check and store a report, for a caller with no answer to keep."""
    report, _none = report_send(
        request, checked=report_check(data), user=user, answer=lambda report: None
    )
    return report
