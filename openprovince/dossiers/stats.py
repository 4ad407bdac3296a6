"""Statistics of dossiers per procedure and agency, for officials (their agencies only).

- **Received**: dossiers sent in the period (the last 30, 90 or 365 days).
- **Online**: of those, the share sent online (web, Zalo, API) rather than at the counter.
- **Finished**: processed (result signed) or returned. Its finishing time is the approval.
- **On time**: finished no later than the due date, and never apologised for (an apology
  moves the due date but the dossier was late all the same). Supplements pause the clock, so
  the due date already leaves out the time spent waiting for the citizen.
- **Late**: finished after the due date or apologised for, plus open ones past due now.
- **Average days**: calendar days from sending to approval, over finished dossiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from openprovince.cases.models import Case

from .models import Dossier, DossierApology

PERIODS = (30, 90, 365)
FINISHED = ("processed", "returned")
ONLINE = (Case.Channel.WEB, Case.Channel.ZALO, Case.Channel.API)


@dataclass
class Row:
    procedure: str
    procedure_code: str
    agency: str
    received: int = 0
    online: int = 0
    finished: int = 0
    on_time: int = 0
    late: int = 0
    days_total: float = 0.0

    @property
    def online_share(self) -> int:
        return round(100 * self.online / self.received) if self.received else 0

    @property
    def on_time_share(self) -> int:
        return round(100 * self.on_time / self.finished) if self.finished else 0

    @property
    def average_days(self) -> float:
        return round(self.days_total / self.finished, 1) if self.finished else 0.0


def dossier_stats(*, agencies: QuerySet[Any], days: int) -> tuple[list[Row], Row]:
    """Rows per (procedure, agency), biggest first, and the total."""
    now = timezone.now()
    dossiers = (
        Dossier.objects.filter(
            case__agency__in=agencies, case__created_at__gte=now - timedelta(days=days)
        )
        .annotate(
            approved_at=Max("case__events__at", filter=Q(case__events__action="approve")),
            apologised=Exists(DossierApology.objects.filter(dossier=OuterRef("pk"))),
        )
        .values_list(
            "procedure__name",
            "procedure__code",
            "case__agency__name",
            "case__channel",
            "case__state",
            "case__created_at",
            "case__due_at",
            "case__closed_at",
            "case__paused_at",
            "approved_at",
            "apologised",
        )
    )
    rows: dict[tuple[str, str], Row] = {}
    total = Row("", "", "")
    for (name, code, agency, channel, state, created, due, closed, paused, approved,
         apologised) in dossiers.iterator(chunk_size=2000):  # fmt: skip
        row = rows.setdefault((code, agency), Row(name, code, agency))
        for target in (row, total):
            target.received += 1
            target.online += channel in ONLINE
            if state in FINISHED and approved is not None:
                target.finished += 1
                late = apologised or (due is not None and approved > due)
                target.on_time += not late
                target.late += late
                target.days_total += (approved - created).total_seconds() / 86400
            elif closed is None and paused is None and due is not None and due < now:
                target.late += 1
    ordered = sorted(rows.values(), key=lambda r: (-r.received, r.procedure_code, r.agency))
    return ordered, total
