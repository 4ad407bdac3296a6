"""School staff pages in the office: the bills (paid and unpaid, filtered, with totals), the
import of a bill file, the CSV export, and reminders sent now. Officials see the schools in
their agency subtree; viewers read and export, handlers also import and remind."""

from __future__ import annotations

import csv
import io
import re
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openprovince.agencies.models import Agency
from openprovince.core.access import official_required
from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError
from openprovince.office.views import office_render

from .models import TuitionBill
from .rules import can_manage_bills, schools_visible_to, sees_schools
from .selectors import (
    BillFilters,
    bills_of_school,
    bills_totals,
    school_choices,
    school_for_official,
    schools_with_totals,
)
from .services.importing import bills_import
from .services.reminders import MAX_WITHIN_DAYS, bills_remind_report

PAGE_SIZE = 50
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
EXPORT_LIMIT = 100_000
ACTIVE = "tuition"


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and len(raw) < 7 else 1


def _school(request: HttpRequest, code: str) -> Agency:
    # Out of the official's subtree is "not found": the page does not confirm it exists.
    school = school_for_official(user=request.user, code=code)
    if school is None:
        raise Http404
    return school


def _school_url(school: Agency, **query: str) -> str:
    params = {"school": school.code, **{k: v for k, v in query.items() if v}}
    return f"{reverse('office:tuition')}?{urlencode(params)}"


@official_required(sees_schools, name="tuition")
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The schools the official may see; with `?school=` (or only one school), its bills."""
    schools = schools_visible_to(request.user).order_by("name")
    code = request.GET.get("school", "").strip()[:40]
    many = schools[:2].count() > 1
    if not code and not many:
        code = schools[0].code
    if code:
        return _school_page(request, _school(request, code), many_schools=many)
    search = " ".join(request.GET.get("q", "").split())[:80]
    if search:
        schools = schools.filter(Q(code__istartswith=search) | Q(name__icontains=search))
    page = Paginator(schools, PAGE_SIZE).get_page(_page_number(request))
    rows = schools_with_totals(
        Agency.objects.filter(pk__in=[s.pk for s in page.object_list]).order_by("name")
    )
    context = {"page": page, "rows": rows, "search": search, "query": urlencode({"q": search})}
    return office_render(request, "tuition/office_schools.html", context, ACTIVE)


def _school_page(request: HttpRequest, school: Agency, *, many_schools: bool) -> HttpResponse:
    filters = BillFilters.parse(request.GET)
    bills = bills_of_school(school=school, filters=filters).select_related("paid_order")
    page = Paginator(bills.order_by("class_name", "student_name", "term", "pk"), PAGE_SIZE)
    terms, classes = school_choices(school)
    query = filters.as_query()
    context = {
        "school": school,
        "many_schools": many_schools,
        "filters": filters,
        "page": page.get_page(_page_number(request)),
        "totals": bills_totals(bills_of_school(school=school, filters=filters, with_status=False)),
        "terms": terms,
        "classes": classes,
        "query": urlencode({"school": school.code, **query}),
        "export_query": urlencode(query),
        "can_manage": can_manage_bills(request.user, school),
        "within_days": 7,
        "max_within_days": MAX_WITHIN_DAYS,
    }
    return office_render(request, "tuition/office_bills.html", context, ACTIVE)


@official_required(sees_schools, name="tuition")
@require_http_methods(["GET", "POST"])
def import_bills(request: HttpRequest, code: str) -> HttpResponse:
    school = _school(request, code)
    if not can_manage_bills(request.user, school):
        raise PermissionDenied  # a viewer of this school: reads and exports only
    report, status = None, 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        name = (upload.name or "") if upload else ""
        if upload is None or not name.lower().endswith((".csv", ".xlsx")):
            messages.error(request, _("Choose a CSV or XLSX file."))
            status = 400
        elif upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            messages.error(request, _("The file is too large (at most 5 MB)."))
            status = 400
        else:
            try:
                report = bills_import(
                    school=school, name=name, content=upload.read(), user=request.user
                )
            except AppError as exc:
                messages.error(request, exc.message)
                status = exc.status
            else:
                audit_record(
                    action="tuition.import", request=request, success=report.ok,
                    agency_code=school.code,
                    details={
                        "file": name[:100], "rows": report.rows, "created": report.created,
                        "updated": report.updated, "errors": len(report.errors),
                    },
                )  # fmt: skip
                status = 200 if report.ok else 400
    context = {
        "school": school,
        "report": report,
        "problems": [(e.row, _column_label(e.field), e.message) for e in report.errors]
        if report
        else [],
        "back": _school_url(school),
    }
    return office_render(request, "tuition/office_import.html", context, ACTIVE, status)


def _column_label(field: str) -> str:
    labels = {
        "student_code": _("Student code"),
        "code": _("Student code and term"),
        "student_name": _("Full name"),
        "birth_date": _("Date of birth"),
        "class_name": _("Class"),
        "term": _("Class and term"),
        "due_date": _("Due date"),
        "guardian_phone": _("Parent's phone"),
        "items": _("Fees"),
        "total": _("Total"),
    }
    return labels.get(field, field)


@official_required(sees_schools, name="tuition")
@require_GET
def export_bills(request: HttpRequest, code: str) -> HttpResponse:
    """CSV for spreadsheet programs: UTF-8 with BOM (Excel then shows Vietnamese), one bill a
    row, amounts in whole đồng."""
    school = _school(request, code)
    filters = BillFilters.parse(request.GET)
    bills = (
        bills_of_school(school=school, filters=filters)
        .select_related("paid_order")
        .order_by("class_name", "student_name", "term", "pk")
    )
    audit_record(
        action="tuition.export", request=request, agency_code=school.code,
        details={"filters": filters.as_query()},
    )  # fmt: skip
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(EXPORT_HEADERS)
    for bill in bills[:EXPORT_LIMIT].iterator(chunk_size=2000):
        writer.writerow(_export_row(bill))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", school.code)
    response["Content-Disposition"] = f'attachment; filename="hoc-phi-{slug}-{stamp}.csv"'
    return response


# Vietnamese on purpose: the file goes to the school's spreadsheets, whatever the page language.
EXPORT_HEADERS = [
    "Mã học sinh",
    "Họ và tên",
    "Ngày sinh",
    "Lớp",
    "Học kỳ",
    "Hạn nộp",
    "SĐT phụ huynh",
    "Số tiền",
    "Trạng thái",
    "Ngày nộp",
    "Mã thanh toán",
    "Đã nhắc lúc",
]
STATUS_VI = {"unpaid": "Chưa nộp", "paid": "Đã nộp", "cancelled": "Đã huỷ"}


def _export_row(bill: TuitionBill) -> list[Any]:
    def when(value: Any) -> str:
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""

    return [
        bill.student_code,
        _safe_cell(bill.student_name),
        bill.birth_date.strftime("%d/%m/%Y"),
        _safe_cell(bill.class_name),
        _safe_cell(bill.term),
        bill.due_date.strftime("%d/%m/%Y"),
        bill.guardian_phone,
        int(bill.amount),
        STATUS_VI.get(bill.status, bill.status),
        when(bill.paid_at),
        bill.paid_order.reference if bill.paid_order else "",
        when(bill.reminded_at),
    ]


def _safe_cell(text: str) -> str:
    """Imported text must not run as a formula when the file is opened (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@official_required(sees_schools, name="tuition")
@require_POST
def remind(request: HttpRequest, code: str) -> HttpResponse:
    school = _school(request, code)
    if not can_manage_bills(request.user, school):
        raise PermissionDenied
    raw = request.POST.get("within_days", "7")
    within_days = int(raw) if raw.isdigit() and 0 < int(raw) <= MAX_WITHIN_DAYS else 7
    report = bills_remind_report(school=school, within_days=within_days)
    audit_record(
        action="tuition.remind", request=request, agency_code=school.code,
        details={
            "within_days": within_days, "notified": report.notified,
            "unreachable": report.unreachable,
        },
    )  # fmt: skip
    sent = ngettext(
        "Reminder sent for %(n)d bill.", "Reminders sent for %(n)d bills.", report.notified
    )
    messages.success(request, sent % {"n": report.notified})
    if report.unreachable:
        missed = ngettext(
            "%(n)d unpaid bill due in that time could not be reminded: no parent phone, or no "
            "account with that phone. Contact that family another way.",
            "%(n)d unpaid bills due in that time could not be reminded: no parent phone, or no "
            "account with that phone. Contact those families another way.",
            report.unreachable,
        )
        messages.warning(request, missed % {"n": report.unreachable})
    return redirect(_school_url(school, status=TuitionBill.Status.UNPAID))
