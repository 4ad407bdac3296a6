"""Import agencies from CSV or JSON: every row checked first, then all written or none.

Formats are described in docs/agencies-import.md. Rows are matched by `code`: a known code is
updated, a new one created. Parents may come later in the file than their children.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from openprovince.core.errors import AppError
from openprovince.core.importing import ImportReport as BaseImportReport
from openprovince.core.importing import RowError, csv_rows

from .models import Agency, AgencyType
from .services import MAX_DEPTH, agency_type_write, agency_write
from .validation import FIELDS, CleanAgency, agency_record_clean

JSON_FORMAT = "openprovince.agencies/1"
MAX_ROWS = 20_000
MAX_BYTES = 20 * 1024 * 1024


@dataclass
class ImportReport(BaseImportReport):
    types_written: int = 0


def parse_agency_file(
    *, content: bytes, filename: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(agency types, agency rows) from an uploaded file; CSV by extension, otherwise JSON."""
    if len(content) > MAX_BYTES:
        raise AppError("agencies.file_too_large", _("The file is larger than 20 MB."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AppError("agencies.not_utf8", _("The file must be saved as UTF-8 text.")) from exc
    if filename.lower().endswith(".csv"):
        return [], _parse_csv(text)
    return _parse_json(text)


def _parse_csv(text: str) -> list[dict[str, Any]]:
    too_many = _("At most 20,000 rows per file.")
    return csv_rows(text, code_prefix="agencies", max_rows=MAX_ROWS, too_many=too_many)


def _parse_json(text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AppError(
            "agencies.bad_json", _("Not valid JSON (line %(line)d).") % {"line": exc.lineno}
        ) from exc
    if isinstance(data, list):
        data = {"agencies": data}
    if not isinstance(data, dict) or not isinstance(data.get("agencies"), list):
        raise AppError(
            "agencies.bad_json",
            _("The JSON must be a list of agencies or an object with an “agencies” list."),
        )
    types = data.get("agency_types") or []
    if not isinstance(types, list) or not all(isinstance(t, dict) for t in types):
        raise AppError("agencies.bad_json", _("“agency_types” must be a list of objects."))
    rows = data["agencies"]
    if len(rows) > MAX_ROWS:
        raise AppError("agencies.too_many_rows", _("At most 20,000 rows per file."))
    return types, [r if isinstance(r, dict) else {"__not_object__": r} for r in rows]


def agencies_import(
    *, rows: list[dict[str, Any]], agency_types: list[dict[str, Any]] | None = None
) -> ImportReport:
    """Check everything, then write everything in one transaction (or nothing)."""
    report = ImportReport()
    types = _check_types(agency_types or [], report)
    records = _check_rows(
        rows, report, known_types=types | set(AgencyType.objects.values_list("code", flat=True))
    )
    if report.errors:
        return report
    _check_tree(records, report)
    if report.errors:
        return report
    with transaction.atomic():
        for t in agency_types or []:
            agency_type_write(
                code=t["code"],
                name=t["name"],
                name_en=t.get("name_en", ""),
                order=int(t.get("order", 100)),
            )
            report.types_written += 1
        type_by_code = {t.code: t for t in AgencyType.objects.all()}
        existing = set(
            Agency.objects.filter(code__in=[r.code for _, r in records]).values_list(
                "code", flat=True
            )
        )
        written: dict[str, Agency] = {}
        for _row, record in _parents_first(records):
            parent = None
            if record.parent_code:
                parent = written.get(record.parent_code) or Agency.objects.get(
                    code=record.parent_code
                )
            written[record.code] = agency_write(
                record=record, parent=parent, agency_type=type_by_code[record.type]
            )
            if record.code in existing:
                report.updated += 1
            else:
                report.created += 1
    return report


def _check_types(types: list[dict[str, Any]], report: ImportReport) -> set[str]:
    codes = set()
    for index, t in enumerate(types, start=1):
        code, name = str(t.get("code", "")).strip(), str(t.get("name", "")).strip()
        if not code or not name:
            report.errors.append(
                RowError(
                    index, code, "agency_types", _("Each agency type needs a code and a name.")
                )
            )
        codes.add(code)
    return codes


def _check_rows(
    rows: list[dict[str, Any]], report: ImportReport, *, known_types: set[str]
) -> list[tuple[int, CleanAgency]]:
    records: list[tuple[int, CleanAgency]] = []
    first_row_of: dict[str, int] = {}
    for index, raw in enumerate(rows, start=1):
        if "__not_object__" in raw:
            report.errors.append(RowError(index, "", "", _("Each agency must be a JSON object.")))
            continue
        if raw.pop("__extra__", None):
            report.errors.append(
                RowError(
                    index,
                    str(raw.get("code", "")),
                    "",
                    _("This row has more cells than the header has columns."),
                )
            )
        record, problems = agency_record_clean(raw)
        code = str(raw.get("code", "")).strip()
        type_code = str(raw.get("type", "")).strip()
        if type_code and type_code not in known_types:
            problems.add("type", _("Unknown agency type “%(type)s”.") % {"type": type_code})
            record = None
        report.add_problems(index, code, problems.by_field)
        if record is None:
            continue
        if report.repeated(index, record.code, first_row_of):
            continue
        records.append((index, record))
    return records


def _check_tree(records: list[tuple[int, CleanAgency]], report: ImportReport) -> None:
    """Parents must exist (in the file or the database); no cycles; bounded depth."""
    parent_of = dict(
        Agency.objects.filter(parent__isnull=False).values_list("code", "parent__code")
    )
    known = set(Agency.objects.values_list("code", flat=True))
    for _row, record in records:
        known.add(record.code)
        parent_of.pop(record.code, None)
        if record.parent_code:
            parent_of[record.code] = record.parent_code
    for row, record in records:
        if record.parent_code and record.parent_code not in known:
            report.errors.append(
                RowError(
                    row,
                    record.code,
                    "parent_code",
                    _("No agency has the code “%(code)s”.") % {"code": record.parent_code},
                )
            )
            continue
        seen = {record.code}
        node = record.code
        while node in parent_of:
            node = parent_of[node]
            if node in seen:
                report.errors.append(
                    RowError(
                        row,
                        record.code,
                        "parent_code",
                        _("This parent would make a loop in the tree."),
                    )
                )
                break
            seen.add(node)
            if len(seen) > MAX_DEPTH:
                report.errors.append(
                    RowError(
                        row,
                        record.code,
                        "parent_code",
                        _("The agency tree may be at most %(max)d levels deep.")
                        % {"max": MAX_DEPTH},
                    )
                )
                break


def _parents_first(records: list[tuple[int, CleanAgency]]) -> list[tuple[int, CleanAgency]]:
    by_code = {r.code: (row, r) for row, r in records}
    ordered: list[tuple[int, CleanAgency]] = []
    done: set[str] = set()

    def visit(code: str) -> None:
        if code in done or code not in by_code:
            return
        done.add(code)
        visit(by_code[code][1].parent_code)
        ordered.append(by_code[code])

    for row_record in records:
        visit(row_record[1].code)
    return ordered


__all__ = [
    "FIELDS",
    "JSON_FORMAT",
    "ImportReport",
    "RowError",
    "agencies_import",
    "parse_agency_file",
]
