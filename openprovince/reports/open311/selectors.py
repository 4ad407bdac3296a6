"""Reads behind the Open311 resources: only public reports, public photos, public events."""

from __future__ import annotations

from datetime import datetime

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from openprovince.cases.definitions import workflow_definition_current
from openprovince.cases.models import CaseAttachment, CaseEvent

from ..models import Report, ReportCategory, ReportPhoto
from ..selectors import categories_active, reports_public
from .params import RequestQuery, UpdateQuery

# Case events that are not "updates": the opening (its note is the report's own text, which
# moderation may hide) and steps officials keep internal (is_public=False).
NOT_UPDATES = ("open",)


def services_active() -> QuerySet[ReportCategory]:
    return categories_active().prefetch_related("agency_types")


def service_active(*, code: str) -> ReportCategory | None:
    return services_active().filter(code=code[:40]).first()


def services_changeset() -> datetime | None:
    """When the list of services last changed, as far as we can tell: the latest admin
    edit of a category, or else when the report workflow was installed."""
    kind = ContentType.objects.get_for_model(ReportCategory)
    edited = (
        LogEntry.objects.filter(content_type=kind)
        .order_by("-action_time")
        .values_list("action_time", flat=True)
        .first()
    )
    definition = workflow_definition_current(kind="report", missing_ok=True)
    installed = definition.created_at if definition else None
    return max((d for d in (edited, installed) if d is not None), default=None)


def _last_public_note() -> Subquery:
    return Subquery(
        CaseEvent.objects.filter(case=OuterRef("case"), is_public=True)
        .exclude(action__in=NOT_UPDATES)
        .exclude(note="")
        .order_by("-at", "-id")
        .values("note")[:1]
    )


def _for_output(qs: QuerySet[Report]) -> QuerySet[Report]:
    photos = ReportPhoto.objects.filter(is_hidden=False).order_by("created_at", "id")
    return qs.annotate(status_notes=_last_public_note()).prefetch_related(
        Prefetch("photos", queryset=photos, to_attr="public_photos")
    )


def requests_find(query: RequestQuery) -> list[Report]:
    qs = reports_public()
    if query.ids:
        qs = qs.filter(case__code__in=query.ids)
    else:
        if query.service_codes:
            qs = qs.filter(category__code__in=query.service_codes)
        if query.statuses:
            qs = qs.filter(status__in=query.statuses)
        if query.start is not None:
            qs = qs.filter(created_at__gte=query.start)
        if query.end is not None:
            qs = qs.filter(created_at__lte=query.end)
        # "Updated" is the later change of the report and of its case (a step, a new agency
        # or deadline changes the case; a new status or photo the report), as shown in
        # updated_datetime (serialise.request_dict).
        if query.updated_after is not None:
            after = query.updated_after
            qs = qs.filter(Q(updated_at__gt=after) | Q(case__updated_at__gt=after))
        if query.updated_before is not None:
            before = query.updated_before
            qs = qs.filter(updated_at__lt=before, case__updated_at__lt=before)
    qs = qs.order_by("-created_at", "-id")
    if not query.ids:
        paging = query.paging
        qs = qs[paging.offset : paging.offset + paging.page_size]
    return list(_for_output(qs))


def request_by_code(*, code: str) -> Report | None:
    return _for_output(reports_public().filter(case__code=code[:80])).first()


def _state_then() -> Subquery:
    """The state a case was in right after an event (events without a move keep the
    state of the last move before them)."""
    return Subquery(
        CaseEvent.objects.filter(case=OuterRef("case"), id__lte=OuterRef("id"))
        .exclude(to_state="")
        .order_by("-id")
        .values("to_state")[:1]
    )


def updates_find(query: UpdateQuery) -> list[CaseEvent]:
    qs = (
        CaseEvent.objects.filter(
            case__kind="report",
            case__report__is_public=True,
            is_public=True,
            at__gte=query.start,
            at__lte=query.end,
        )
        .exclude(action__in=NOT_UPDATES)
        .select_related("case")
        .annotate(state_then=_state_then())
        .order_by("at", "id")
    )
    paging = query.paging
    return list(qs[paging.offset : paging.offset + paging.page_size])


def update_photos(events: list[CaseEvent]) -> dict[int, ReportPhoto]:
    """The first public photo added with each event (e.g. the "after" photo of a fix)."""
    wanted: dict[int, list[int]] = {}
    for event in events:
        ids = event.data.get("attachments") if isinstance(event.data, dict) else None
        if ids:
            wanted[event.pk] = [i for i in ids if isinstance(i, int)]
    if not wanted:
        return {}
    names = dict(
        CaseAttachment.objects.filter(
            pk__in={i for ids in wanted.values() for i in ids}, is_internal=False
        ).values_list("pk", "storage_name")
    )
    photos = {
        p.storage_name: p
        for p in ReportPhoto.objects.filter(
            storage_name__in=set(names.values()),
            is_hidden=False,
            report__is_public=True,
        )
    }
    found: dict[int, ReportPhoto] = {}
    for event_id, ids in wanted.items():
        for attachment_id in ids:
            photo = photos.get(names.get(attachment_id, ""))
            if photo is not None:
                found[event_id] = photo
                break
    return found
