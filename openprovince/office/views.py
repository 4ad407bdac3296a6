"""The officials' back office: overview, and the agency tree for province admins."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openprovince.accounts.rules import agencies_visible_to, is_official, is_province_admin
from openprovince.agencies.exporting import agencies_export_csv, agencies_export_json
from openprovince.agencies.importing import agencies_import, parse_agency_file
from openprovince.core.access import official_required
from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError

from .navigation import nav_for


def office_render(
    request: HttpRequest, template: str, context: dict[str, Any], active: str, status: int = 200
) -> HttpResponse:
    return render(
        request,
        template,
        {"nav": nav_for(request.user), "active": active, **context},
        status=status,
    )


@official_required(is_official, name="official")
def agencies(request: HttpRequest) -> HttpResponse:
    rows = agencies_visible_to(request.user).select_related("type", "parent").order_by("path")
    return office_render(
        request,
        "office/agencies.html",
        {"agencies": rows, "can_import": is_province_admin(request.user)},
        "agencies",
    )


@official_required(is_province_admin, name="province_admin")
@require_http_methods(["GET", "POST"])
def agencies_import_view(request: HttpRequest) -> HttpResponse:
    report = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a CSV or JSON file."))
        else:
            try:
                types, rows = parse_agency_file(content=upload.read(), filename=upload.name or "")
                report = agencies_import(rows=rows, agency_types=types)
            except AppError as exc:
                messages.error(request, exc.message)
            else:
                audit_record(
                    action="agencies.import",
                    request=request,
                    success=report.ok,
                    details={
                        "file": (upload.name or "")[:100],
                        "created": report.created,
                        "updated": report.updated,
                        "errors": len(report.errors),
                    },
                )
                if report.ok:
                    messages.success(
                        request,
                        _("Imported: %(created)d new, %(updated)d updated.")
                        % {"created": report.created, "updated": report.updated},
                    )
                    return redirect("office:agencies")
    return office_render(request, "office/agencies_import.html", {"report": report}, "agencies")


@official_required(is_province_admin, name="province_admin")
def agencies_export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        out = io.StringIO()
        agencies_export_csv(csv.writer(out))
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        body = json.dumps(agencies_export_json(), ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agencies-{stamp}.{fmt}"'
    return response
