"""A report kept before sending: while a guest signs in (asked only at the moment of sending),
or while anyone looks at similar reports nearby. Its photos are already stored; a draft nobody
sends goes with its photos ("this is my problem too", or a day later)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.accounts.models import User
from openprovince.agencies.models import Agency
from openprovince.core.errors import AppError
from openprovince.core.housekeeping import BATCH
from openprovince.core.uploads import uploads_delete

from ..models import Report, ReportCategory, ReportDraft, draft_photo_names
from .submission import CheckedReport, SavedPhoto, photos_save, report_store

DRAFT_LIFETIME = timedelta(days=1)
# Pruned an hour after it can no longer be opened: a draft being sent is never pulled away.
PRUNE_AFTER = DRAFT_LIFETIME + timedelta(hours=1)


def _session_key(request: HttpRequest) -> str:
    if not request.session.session_key:
        request.session.save()
    return str(request.session.session_key)


def report_draft_save(*, checked: CheckedReport, request: HttpRequest) -> ReportDraft:
    photos = photos_save(checked)
    data = {
        "category": checked.category.pk,
        "agency": checked.agency.pk,
        "lat": checked.lat,
        "lng": checked.lng,
        "address": checked.address,
        "description": checked.description,
        "answers": checked.answers,
        "show_name": checked.show_name,
        "channel": checked.channel,
        "photos": [asdict(p) for p in photos],
    }
    return ReportDraft.objects.create(session_key=_session_key(request), data=data)


def report_draft_for(*, public_id: Any, request: HttpRequest) -> ReportDraft | None:
    """Only in the browser that made it (the session survives signing in: Django keeps the
    data and only changes the key, which we follow by also accepting the drafts' owner)."""
    since = timezone.now() - DRAFT_LIFETIME
    return ReportDraft.objects.filter(
        public_id=public_id, created_at__gte=since, session_key__in=_keys(request)
    ).first()


def _keys(request: HttpRequest) -> list[str]:
    keys = [k for k in (request.session.session_key, request.session.get("report_draft_key")) if k]
    return keys


def report_draft_remember(*, request: HttpRequest) -> None:
    """Call before sign-in: remember the pre-sign-in session key (login rotates it)."""
    request.session["report_draft_key"] = _session_key(request)


def report_draft_submit(*, draft: ReportDraft, user: User, request: HttpRequest) -> Report:
    data = draft.data
    category = ReportCategory.objects.filter(pk=data["category"], is_active=True).first()
    agency = Agency.objects.filter(pk=data["agency"], is_active=True).first()
    if category is None or agency is None:
        raise AppError(
            "reports.draft_stale", _("This draft can no longer be sent. Please start again.")
        )
    checked = CheckedReport(
        category=category,
        agency=agency,
        lat=data["lat"],
        lng=data["lng"],
        address=data["address"],
        description=data["description"],
        answers=data["answers"],
        photos=[],
        show_name=data["show_name"],
        channel=data["channel"],
    )
    photos = [SavedPhoto(**p) for p in data["photos"]]
    report = report_store(checked=checked, photos=photos, user=user, request=request)
    draft.delete()
    return report


def report_draft_discard(*, draft: ReportDraft) -> None:
    """Delete a draft that will not be sent, and its photos once that is committed: the
    person supported a report already there, so their photo is nobody's business."""
    names = draft.stored_files()
    draft.delete()
    transaction.on_commit(partial(uploads_delete, names))  # at once outside a transaction


def report_drafts_prune() -> int:
    """Delete drafts past their life, nobody's any more, with their photos (batch by batch;
    each batch's files go once its rows are gone). Returns how many drafts were deleted."""
    cutoff = timezone.now() - PRUNE_AFTER
    deleted = 0
    while drafts := list(
        ReportDraft.objects.filter(created_at__lt=cutoff).values_list("pk", "data")[:BATCH]
    ):
        names = [name for _pk, data in drafts for name in draft_photo_names(data)]
        with transaction.atomic():
            ReportDraft.objects.filter(pk__in=[pk for pk, _data in drafts]).delete()
            transaction.on_commit(partial(uploads_delete, names))
        deleted += len(drafts)
        if len(drafts) < BATCH:
            break
    return deleted
