"""Bills from a school's spreadsheet (CSV or XLSX), all or nothing, with per-row errors.

The first row names the columns, in Vietnamese or English, with or without diacritics:
student code, name, date of birth, class, term, due date, optional parent phone and total;
every other column is a fee item (its header is the item's name, e.g. "Học phí", "Bán trú")
holding an amount, or empty when the student does not owe it. A student's bill for a term is
replaced by a new import while it is unpaid, and never once paid.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from openprovince.accounts.phone import phone_normalise
from openprovince.agencies.models import Agency
from openprovince.core.errors import AppError
from openprovince.core.importing import ImportReport, RowError
from openprovince.core.text import fold

from ..models import BillImport, TuitionBill

MAX_ROWS = 5_000
MAX_AMOUNT = 1_000_000_000
COLUMNS = {
    "student_code": {"ma hoc sinh", "ma hs", "ma dinh danh", "student code", "code"},
    "student_name": {"ho va ten", "ho ten", "ten hoc sinh", "student name", "name"},
    "birth_date": {"ngay sinh", "date of birth", "birth date"},
    "class_name": {"lop", "class"},
    "term": {"hoc ky", "ky thu", "dot thu", "term"},
    "due_date": {"han nop", "han thanh toan", "due date"},
    "guardian_phone": {"so dien thoai", "sdt", "sdt phu huynh", "dien thoai phu huynh", "phone"},
    "total": {"tong", "tong tien", "tong cong", "total"},
}
REQUIRED = ("student_code", "student_name", "birth_date", "class_name", "term", "due_date")
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,19}$")


@dataclass
class BillsImportReport(ImportReport):
    rows: int = 0


def bills_read(*, name: str, content: bytes) -> list[list[str]]:
    """The cells of a CSV (UTF-8, with or without BOM; comma or semicolon) or XLSX file."""
    if name.lower().endswith(".xlsx"):
        return _xlsx_cells(content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AppError(
            "tuition.encoding", _("Save the file as CSV UTF-8 (or XLSX) and upload it again.")
        ) from error
    dialect: Any = csv.excel
    with contextlib.suppress(csv.Error):  # one column, or too few rows to tell: commas
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    return [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]


def _xlsx_cells(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise AppError("tuition.bad_xlsx", _("This is not a readable XLSX file.")) from error
    sheet = book.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        cells = [_cell_text(v) for v in values]
        if any(cells):
            rows.append(cells)
        if len(rows) > MAX_ROWS + 1:
            break
    book.close()
    return rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def bills_import(
    *, school: Agency, name: str, content: bytes, user: Any = None
) -> BillsImportReport:
    """Import every row or none; the report lists each bad row."""
    cells = bills_read(name=name, content=content)
    report = BillsImportReport()
    if not cells:
        raise AppError("tuition.empty", _("The file has no rows."))
    header, data = cells[0], cells[1:]
    if len(data) > MAX_ROWS:
        raise AppError("tuition.too_many_rows", _("At most %(n)d rows per file.") % {"n": MAX_ROWS})
    columns, items = _columns(header)
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        raise AppError(
            "tuition.csv_header",
            _(
                "The first row must name the columns: student code, full name, date of "
                "birth, class, term, due date, and one column per fee."
            ),
        )
    if not items and "total" not in columns:
        raise AppError("tuition.no_items", _("Add at least one fee column (e.g. “Học phí”)."))
    report.rows = len(data)
    parsed: list[tuple[int, dict[str, Any]]] = []
    first_row_of: dict[str, int] = {}
    for number, row in enumerate(data, start=1):
        values = _row_values(row, columns, items, number, report)
        if values is None:
            continue
        key = f"{values['student_code']}|{values['term']}"
        if report.repeated(number, key, first_row_of):
            continue
        parsed.append((number, values))
    if report.errors:
        return report
    with transaction.atomic():
        source = BillImport.objects.create(
            school=school, file_name=name[:200],
            uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            rows=len(data),
        )  # fmt: skip
        existing = {
            (b.student_code, b.term): b
            for b in TuitionBill.objects.select_for_update().filter(
                school=school, student_code__in={v["student_code"] for _n, v in parsed}
            )
        }
        for number, values in parsed:
            bill = existing.get((values["student_code"], values["term"]))
            if bill is None:
                TuitionBill.objects.create(school=school, source=source, **values)
                report.created += 1
            elif bill.status == TuitionBill.Status.UNPAID:
                for field_name, value in values.items():
                    setattr(bill, field_name, value)
                bill.source = source
                bill.save()
                report.updated += 1
            else:
                report.errors.append(RowError(
                    number, "tuition.already_paid", "student_code",
                    _("This student's bill for this term is already paid; it was not changed."),
                ))  # fmt: skip
        if report.errors:
            transaction.set_rollback(True)
            return report
        source.created, source.updated = report.created, report.updated
        source.save(update_fields=["created", "updated"])
    return report


def _columns(header: list[str]) -> tuple[dict[str, int], list[tuple[int, str]]]:
    columns: dict[str, int] = {}
    items: list[tuple[int, str]] = []
    for index, title in enumerate(header):
        folded = fold(title).strip(" :*")
        key = next((k for k, names in COLUMNS.items() if folded in names), None)
        if key and key not in columns:
            columns[key] = index
        elif title.strip():
            items.append((index, title.strip()[:80]))
    return columns, items


def _row_values(
    row: list[str],
    columns: dict[str, int],
    items: list[tuple[int, str]],
    number: int,
    report: ImportReport,
) -> dict[str, Any] | None:
    def cell(index: int) -> str:
        return row[index].strip() if index < len(row) else ""

    problems: dict[str, list[str]] = {}
    code = cell(columns["student_code"]).upper()
    if not CODE_RE.match(code):
        problems["student_code"] = [_("Student code: letters and digits, at most 20.")]
    name = cell(columns["student_name"])
    if not name:
        problems["student_name"] = [_("The student's name is missing.")]
    birth, due = _date(cell(columns["birth_date"])), _date(cell(columns["due_date"]))
    if birth is None:
        problems["birth_date"] = [_("Date of birth: write it as dd/mm/yyyy.")]
    if due is None:
        problems["due_date"] = [_("Due date: write it as dd/mm/yyyy.")]
    class_name, term = cell(columns["class_name"]), cell(columns["term"])
    if not class_name or not term:
        problems["term"] = [_("Class and term are both needed.")]
    phone = ""
    if "guardian_phone" in columns and cell(columns["guardian_phone"]):
        try:
            phone = phone_normalise(cell(columns["guardian_phone"]))
        except AppError:
            problems["guardian_phone"] = [_("The parent's phone number is not valid.")]
    bill_items: list[dict[str, Any]] = []
    for index, label in items:
        raw = cell(index)
        if not raw:
            continue
        amount = _amount(raw)
        if amount is None:
            problems.setdefault("items", []).append(
                _("“%(item)s”: %(value)s is not an amount in đồng.") % {"item": label, "value": raw}
            )
        elif amount:
            bill_items.append({"label": label, "amount": amount})
    total: int = sum(i["amount"] for i in bill_items)
    if "total" in columns and cell(columns["total"]):
        stated = _amount(cell(columns["total"]))
        if stated is None or (bill_items and stated != total):
            problems["total"] = [_("The total does not equal the sum of the fees.")]
        elif not bill_items and stated:
            bill_items, total = [{"label": _("Tuition"), "amount": stated}], stated
    if not problems and not 0 < total <= MAX_AMOUNT:
        problems["items"] = [_("The bill must have an amount above zero.")]
    if problems:
        report.add_problems(number, "tuition.bad_row", problems)
        return None
    return {
        "student_code": code, "student_name": name[:120], "birth_date": birth,
        "class_name": class_name[:40], "term": term[:60], "due_date": due,
        "guardian_phone": phone, "items": bill_items, "amount": total,
    }  # fmt: skip


def _date(raw: str) -> date | None:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    return None


def _amount(raw: str) -> int | None:
    """ "1.200.000", "1,200,000", "1 200 000" or "1200000" đồng; no decimals."""
    digits = re.sub(r"[ .,\u00a0]|đ$|vnd$", "", raw.strip().lower())
    return int(digits) if digits.isdigit() and len(digits) <= 12 else None
