"""The audit log for province admins: search and CSV export."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from openprovince.accounts.rules import is_province_admin
from openprovince.core.access import official_required
from openprovince.core.audit import audit_record
from openprovince.core.models import AuditEvent
from openprovince.core.text import clean_line

from .views import office_render

EXPORT_LIMIT = 100_000


class _Echo:
    def write(self, value: str) -> str:
        return value


def _date(raw: str) -> datetime | None:
    try:
        day = datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


def _filtered(request: HttpRequest) -> tuple[QuerySet[AuditEvent], dict[str, str]]:
    q = {
        k: clean_line(request.GET.get(k, ""), max_length=80)
        for k in ("action", "who", "since", "until", "result", "agency")
    }
    qs = AuditEvent.objects.all()
    if q["action"]:
        qs = qs.filter(action__startswith=q["action"])
    if q["who"]:
        qs = qs.filter(actor_label__icontains=q["who"])
    if q["agency"]:
        qs = qs.filter(agency_code=q["agency"])
    if q["result"] in {"ok", "failed"}:
        qs = qs.filter(success=q["result"] == "ok")
    since, until = _date(q["since"]), _date(q["until"])
    if since:
        qs = qs.filter(at__gte=since)
    if until:
        qs = qs.filter(at__lt=until + timedelta(days=1))
    return qs.order_by("-at", "-id"), q


@official_required(is_province_admin, name="province_admin")
def audit_log(request: HttpRequest) -> HttpResponse:
    qs, q = _filtered(request)
    page_raw = request.GET.get("page", "1")
    page = Paginator(qs, 50).get_page(
        int(page_raw) if page_raw.isdigit() and len(page_raw) < 7 else 1
    )
    query = urlencode({k: v for k, v in q.items() if v})
    return office_render(
        request, "office/audit.html", {"page": page, "q": q, "query": query}, "audit"
    )


@official_required(is_province_admin, name="province_admin")
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    qs, q = _filtered(request)
    audit_record(action="audit.export", request=request, details={"filters": q})
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(
            [
                "at_utc",
                "actor",
                "action",
                "success",
                "target_type",
                "target_id",
                "agency",
                "ip",
                "request_id",
                "details",
            ]
        )
        for e in qs[:EXPORT_LIMIT].iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    e.at.astimezone(UTC).isoformat(),
                    e.actor_label,
                    e.action,
                    int(e.success),
                    e.target_type,
                    e.target_id,
                    e.agency_code,
                    e.ip or "",
                    e.request_id,
                    e.details,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
