"""Reads of cases: what an official may see, the inbox, a citizen's requests."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from openprovince.accounts.models import BusinessMember, User
from openprovince.accounts.rules import agencies_visible_to, sees_everything

from .definitions import workflow_by_id
from .models import Case, CaseComment, CaseEvent

INBOX_PAGE_SIZE = 50
COUNTS_SECONDS = 30


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """Officials: cases of every agency in their role subtrees (no filter at all for someone
    who sees the whole tree, so the database can walk the inbox index directly)."""
    if sees_everything(user):
        return Case.objects.all()
    return Case.objects.filter(agency__in=agencies_visible_to(user))


def case_for_official(*, user: Any, public_id: Any) -> Case | None:
    return (
        cases_visible_to(user)
        .select_related("agency", "assignee", "applicant")
        .filter(public_id=public_id)
        .first()
    )


def cases_of_citizen(user: User) -> QuerySet[Case]:
    """The person's own requests and those of businesses they act for."""
    businesses = BusinessMember.objects.filter(
        user=user, status=BusinessMember.Status.ACTIVE
    ).values("business_id")
    return Case.objects.filter(Q(applicant=user) | Q(business_id__in=businesses))


def case_for_citizen(*, user: User, public_id: Any) -> Case | None:
    return cases_of_citizen(user).select_related("agency").filter(public_id=public_id).first()


@dataclass(frozen=True)
class InboxFilters:
    kind: str = ""
    state: str = ""
    agency: str = ""
    overdue: bool = False
    due_soon: bool = False
    mine: bool = False
    unassigned: bool = False
    closed: bool = False


def inbox_queryset(
    *, user: Any, filters: InboxFilters, now: datetime | None = None
) -> QuerySet[Case]:
    now = now or timezone.now()
    qs = cases_visible_to(user).filter(closed_at__isnull=not filters.closed)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.agency:
        qs = qs.filter(agency__code=filters.agency)
    if filters.overdue:
        qs = qs.filter(paused_at__isnull=True, due_at__lt=now)
    if filters.due_soon:  # within the next day, not yet overdue
        qs = qs.filter(paused_at__isnull=True, due_at__gte=now, due_at__lt=now + timedelta(days=1))
    if filters.mine:
        qs = qs.filter(assignee=user)
    if filters.unassigned:
        qs = qs.filter(assignee__isnull=True)
    return qs


def inbox_page(*, user: Any, filters: InboxFilters, page_number: int) -> Page[Any]:
    qs = (
        inbox_queryset(user=user, filters=filters)
        .select_related("agency", "assignee")
        .only(
            "public_id",
            "code",
            "kind",
            "title",
            "state",
            "due_at",
            "paused_at",
            "closed_at",
            "priority",
            "updated_at",
            "agency__name",
            "agency__code",
            "assignee__username",
            "assignee__display_name",
            "definition_id",
        )
        .order_by("due_sort", "-priority", "id")
    )
    return Paginator(qs, INBOX_PAGE_SIZE).get_page(page_number)


def inbox_state_counts(*, user: Any, filters: InboxFilters) -> dict[str, int]:
    """Open cases per state. Counting a whole province takes tens of milliseconds, so the
    figures may be up to COUNTS_SECONDS old; the list itself is always current."""
    base_filters = InboxFilters(kind=filters.kind, agency=filters.agency, closed=filters.closed)
    key = (
        "inbox-counts:"
        + hashlib.blake2b(
            repr((getattr(user, "pk", None), base_filters)).encode(), digest_size=12
        ).hexdigest()
    )
    counts: dict[str, int] | None = cache.get(key)
    if counts is None:
        base = inbox_queryset(user=user, filters=base_filters)
        counts = dict(base.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
        cache.set(key, counts, COUNTS_SECONDS)
    return counts


def case_timeline(*, case: Case, public_only: bool) -> list[Any]:
    """Events and comments in time order; events carry `label` (the step's name) and
    `state_label` (the state reached) for display."""
    events = CaseEvent.objects.filter(case=case).select_related("actor")
    comments = CaseComment.objects.filter(case=case)
    if public_only:
        events, comments = events.filter(is_public=True), comments.filter(is_internal=False)
    workflow = workflow_by_id(case.definition_id)
    for event in events:
        step = workflow.actions.get(event.action)
        reached = workflow.states.get(event.to_state)
        event.label = step.display_name if step else event.action  # type: ignore[attr-defined]
        event.state_label = reached.display_name if reached else ""  # type: ignore[attr-defined]
    items: list[Any] = [*events, *comments]
    return sorted(items, key=lambda item: getattr(item, "at", None) or item.created_at)


def is_overdue(case: Case, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return bool(
        case.closed_at is None and case.paused_at is None and case.due_at and case.due_at < now
    )
