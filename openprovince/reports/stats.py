"""Public statistics of reports per agency: how many came in, how many were fixed, how many in
time, how fast, and how the reporters rated the answers.

Definitions (the statistics page shows them in words):

- **Received**: reports received in the period (the last 7, 30 or 90 days), counted at the
  agency that handles them now (after any re-routing or escalation).
- **Fixed**: of those, the ones whose case is now "fixed, waiting for confirmation"
  (`resolved`) or "fixed" (`closed_fixed`). A report reopened by its reporter is not fixed.
- **Fixed on time**: fixed no later than the deadline, i.e. the last time it was marked as
  fixed (`Report.resolved_at`) is at or before the case's deadline. The deadline is the one the
  case engine set when the report arrived (the kind of problem's working days, counted as in
  docs/working-time.md) and moved the way the engine moves it: time spent waiting for the
  reporter's confirmation before a reopen does not count. It is recomputed here from the
  case's events because the engine rewrites `Case.due_at` when a fixed case closes.
- **Time to fix**: working time from receipt to that last "fixed", without the waiting time
  above, in working days (one working day = the calendar's full day, 8 hours by default).
  The median is shown.
- **Rating**: the average of the 1–5 star ratings reporters gave (`Case.rating`).

Computed in Python over at most `MAX_ROWS` fixed reports (the period is at most 90 days), and
kept in the cache for `CACHE_SECONDS` per period.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median

from django.core.cache import cache
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language

from openprovince.agencies.models import Agency
from openprovince.cases.definitions import workflow_by_id
from openprovince.cases.models import Case, CaseEvent
from openprovince.cases.sla import due_after, due_from_remaining, remaining_seconds
from openprovince.cases.workflow import Sla, Workflow
from openprovince.core.working_time import working_calendar_current, working_seconds_between

from .models import Report

PERIODS = (7, 30, 90)  # days
DEFAULT_PERIOD = 30
FIXED_STATES = ("resolved", "closed_fixed")
MAX_ROWS = 50_000
CACHE_SECONDS = 300
CACHE_VERSION = 1


@dataclass
class AgencyStats:
    code: str  # "" for the whole province
    name: str
    name_en: str
    received: int = 0
    fixed: int = 0
    on_time: int = 0
    fix_days: list[float] = field(default_factory=list)
    rating_sum: int = 0
    ratings: int = 0

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name

    @property
    def fixed_share(self) -> int | None:
        return round(100 * self.fixed / self.received) if self.received else None

    @property
    def on_time_share(self) -> int | None:
        """Per cent of the fixed reports that were fixed on time."""
        return round(100 * self.on_time / self.fixed) if self.fixed else None

    @property
    def median_days(self) -> float | None:
        return round(median(self.fix_days), 1) if self.fix_days else None

    @property
    def rating(self) -> float | None:
        return round(self.rating_sum / self.ratings, 1) if self.ratings else None


@dataclass
class StatsTable:
    days: int
    since: datetime
    computed_at: datetime
    rows: list[AgencyStats]
    total: AgencyStats
    truncated: bool = False  # more than MAX_ROWS fixed reports: the timing columns are partial

    @property
    def lines(self) -> list[AgencyStats]:
        """The agencies, then the whole province (its `code` is empty); none if no reports."""
        return [*self.rows, self.total] if self.rows else []


@dataclass(frozen=True)
class _Fixed:
    case_id: int
    agency_id: int
    definition_id: int
    received: datetime
    fixed: datetime
    sla_days: int


def period_days(raw: str | None) -> int:
    """The period from a query parameter; anything unknown is the default."""
    return int(raw) if raw in {str(p) for p in PERIODS} else DEFAULT_PERIOD


def reports_stats(*, days: int) -> StatsTable:
    """The table for the last `days` days, computed at most once per CACHE_SECONDS."""
    if days not in PERIODS:
        raise ValueError(f"days must be one of {PERIODS}")
    key = f"reports:stats:v{CACHE_VERSION}:{days}"
    table: StatsTable | None = cache.get(key)
    if table is None:
        table = reports_stats_compute(days=days)
        cache.set(key, table, CACHE_SECONDS)
    return table


def reports_stats_compute(*, days: int, now: datetime | None = None) -> StatsTable:
    now = now or timezone.now()
    since = now - timedelta(days=days)
    cases = Case.objects.filter(kind="report", created_at__gte=since, created_at__lt=now)
    per_agency: dict[int, AgencyStats] = {}
    counted = (
        cases.values("agency_id")
        .annotate(n=Count("id"), rating_sum=Sum("rating"), ratings=Count("rating"))
        .order_by()
    )
    for row in counted:
        per_agency[row["agency_id"]] = AgencyStats(
            code="",
            name="",
            name_en="",
            received=row["n"],
            rating_sum=row["rating_sum"] or 0,
            ratings=row["ratings"],
        )
    fixed = _fixed_reports(cases)
    truncated = len(fixed) > MAX_ROWS
    fixed = fixed[:MAX_ROWS]
    pauses = _pauses([f.case_id for f in fixed], cases)
    day_seconds = _working_day_seconds()
    for item in fixed:
        stats = per_agency.get(item.agency_id)
        if stats is None:  # moved to another agency between the two queries
            continue
        workflow = workflow_by_id(item.definition_id)
        stats.fixed += 1
        used, due = _clock(item, workflow, pauses.get(item.case_id, []))
        stats.on_time += item.fixed <= due
        stats.fix_days.append(used / day_seconds)
    rows = _named(per_agency)
    return StatsTable(
        days=days,
        since=since,
        computed_at=now,
        rows=rows,
        total=_total(rows),
        truncated=truncated,
    )


def _fixed_reports(cases: QuerySet[Case]) -> list[_Fixed]:
    rows = (
        Report.objects.filter(case__in=cases, case__state__in=FIXED_STATES)
        .order_by("-case__created_at")
        .values_list(
            "case_id",
            "case__agency_id",
            "case__definition_id",
            "case__created_at",
            "resolved_at",
            "case__closed_at",
            "category__sla_working_days",
        )[: MAX_ROWS + 1]
    )
    found = []
    for case_id, agency_id, definition_id, received, resolved_at, closed_at, sla in rows:
        moment = resolved_at or closed_at
        if moment is None:  # cannot happen with the report workflow; never guess
            continue
        found.append(_Fixed(case_id, agency_id, definition_id, received, moment, sla or 0))
    return found


def _pauses(
    case_ids: list[int], cases: QuerySet[Case]
) -> dict[int, list[tuple[datetime, datetime]]]:
    """For cases that were reopened: the spans spent waiting in a clock-pausing state (fixed,
    waiting for confirmation) before the reopen. Most cases have none, so first find those
    with a reopen at all."""
    wanted = set(case_ids)
    reopened = (
        set(
            CaseEvent.objects.filter(case__in=cases, from_state="resolved")
            .exclude(to_state__in=FIXED_STATES)
            .values_list("case_id", flat=True)
            .distinct()
        )
        & wanted
    )
    spans: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    if not reopened:
        return spans
    events = (
        CaseEvent.objects.filter(case_id__in=reopened)
        .exclude(from_state="", to_state="")
        .order_by("case_id", "at", "id")
        .values_list("case_id", "at", "from_state", "to_state", "case__definition_id")
    )
    started: dict[int, datetime] = {}
    for case_id, at, from_state, to_state, definition_id in events:
        states = workflow_by_id(definition_id).states
        leaving, entering = states.get(from_state), states.get(to_state)
        pausing_before = leaving is not None and leaving.pauses_clock
        pausing_after = entering is not None and entering.pauses_clock
        if pausing_after and not pausing_before:
            started[case_id] = at
        elif pausing_before and not pausing_after:
            start = started.pop(case_id, None)
            if start is not None and entering is not None and not entering.terminal:
                spans[case_id].append((start, at))  # a reopen (not the close)
    return spans


def _clock(
    item: _Fixed, workflow: Workflow, pauses: list[tuple[datetime, datetime]]
) -> tuple[int, datetime]:
    """(working seconds used from receipt to the last fix, the deadline at that fix), the way
    the case engine counts: paused spans do not use time and push the deadline back."""
    sla = Sla(working_days=item.sla_days) if item.sla_days else workflow.sla
    due = due_after(item.received, sla) or item.fixed  # no deadline at all: counts as on time
    used = working_seconds_between(item.received, item.fixed)
    for start, end in pauses:
        if end > item.fixed:
            break
        used -= working_seconds_between(start, end)
        due = due_from_remaining(end, remaining_seconds(start, due)) or due
    return max(used, 0), due


def _working_day_seconds() -> int:
    calendar = working_calendar_current()
    morning, afternoon = calendar.morning, calendar.afternoon
    return (morning[1] - morning[0]) + (afternoon[1] - afternoon[0])


def _named(per_agency: dict[int, AgencyStats]) -> list[AgencyStats]:
    agencies = Agency.objects.filter(pk__in=per_agency).values_list(
        "pk", "code", "name", "name_en", "path"
    )
    ordered = []
    for pk, code, name, name_en, path in agencies:
        stats = per_agency[pk]
        stats.code, stats.name, stats.name_en = code, name, name_en
        ordered.append((path, stats))
    return [stats for _path, stats in sorted(ordered, key=lambda pair: pair[0])]


def _total(rows: list[AgencyStats]) -> AgencyStats:
    total = AgencyStats(code="", name="", name_en="")
    for row in rows:
        total.received += row.received
        total.fixed += row.fixed
        total.on_time += row.on_time
        total.fix_days.extend(row.fix_days)
        total.rating_sum += row.rating_sum
        total.ratings += row.ratings
    return total
