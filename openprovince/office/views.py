"""The officials' back office shell, and agency import/export for province admins."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openprovince.agencies.exporting import agencies_export_csv, agencies_export_json
from openprovince.agencies.importing import agencies_import, parse_agency_file
from openprovince.agencies.models import Agency
from openprovince.core.access import public, staff_required
from openprovince.core.errors import AppError

from .navigation import nav_for


def _office(
    request: HttpRequest, template: str, context: dict[str, Any], active: str
) -> HttpResponse:
    return render(request, template, {"nav": nav_for(request.user), "active": active, **context})


@public
class LoginView(auth_views.LoginView):
    template_name = "office/login.html"
    redirect_authenticated_user = True


@public
class LogoutView(auth_views.LogoutView):
    next_page = "office:login"


@staff_required()
def home(request: HttpRequest) -> HttpResponse:
    stats = {"agencies": Agency.objects.filter(is_active=True).count()}
    return _office(request, "office/home.html", {"stats": stats}, "home")


@staff_required("agencies.view_agency")
def agencies(request: HttpRequest) -> HttpResponse:
    rows = Agency.objects.select_related("type", "parent").order_by("path")
    return _office(request, "office/agencies.html", {"agencies": rows}, "agencies")


@staff_required("agencies.change_agency")
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
                if report.ok:
                    messages.success(
                        request,
                        _("Imported: %(created)d new, %(updated)d updated.")
                        % {"created": report.created, "updated": report.updated},
                    )
                    return redirect("office:agencies")
    return _office(request, "office/agencies_import.html", {"report": report}, "agencies")


@staff_required("agencies.view_agency")
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
