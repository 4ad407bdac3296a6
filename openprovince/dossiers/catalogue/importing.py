"""Import procedures from CSV or JSON: every row checked first, then all written or none.

Formats: docs/procedures-import.md. Procedures are matched by `code` (a known code is updated,
a new one created); fields and life events by their code too. A JSON file may carry its own
`fields` and `life_events` sections; a CSV file uses those already in the database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from openprovince.agencies.models import Agency, AgencyType
from openprovince.core.errors import AppError
from openprovince.core.importing import ImportReport as BaseImportReport
from openprovince.core.importing import RowError, csv_rows
from openprovince.core.text import clean_line

from ..models import LifeEvent, Procedure, ProcedureField
from .services import life_event_write, procedure_field_write, procedure_write
from .validation import FIELDS, SLUG_RE, CleanProcedure, procedure_record_clean

JSON_FORMAT = "openprovince.procedures/1"
MAX_ROWS = 5_000
MAX_BYTES = 20 * 1024 * 1024


@dataclass
class ImportReport(BaseImportReport):
    fields_written: int = 0
    life_events_written: int = 0


@dataclass
class ProcedureFile:
    """What a file holds: optional field and life-event sections, and the procedure rows."""

    rows: list[dict[str, Any]]
    fields: list[dict[str, Any]] = field(default_factory=list)
    life_events: list[dict[str, Any]] = field(default_factory=list)


def procedure_file_parse(*, content: bytes, filename: str) -> ProcedureFile:
    """Read an uploaded file: CSV by extension, otherwise JSON. Raises AppError when the file
    as a whole cannot be read (row problems are the importer's report)."""
    if len(content) > MAX_BYTES:
        raise AppError("procedures.file_too_large", _("The file is larger than 20 MB."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AppError("procedures.not_utf8", _("The file must be saved as UTF-8 text.")) from exc
    if filename.lower().endswith(".csv"):
        return ProcedureFile(rows=_parse_csv(text))
    return _parse_json(text)


def _parse_csv(text: str) -> list[dict[str, Any]]:
    too_many = _("At most 5,000 rows per file.")
    return csv_rows(text, code_prefix="procedures", max_rows=MAX_ROWS, too_many=too_many)


def _section(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    items = data.get(name) or []
    if not isinstance(items, list) or not all(isinstance(t, dict) for t in items):
        raise AppError(
            "procedures.bad_json", _("“%(name)s” must be a list of objects.") % {"name": name}
        )
    return items


def _parse_json(text: str) -> ProcedureFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AppError(
            "procedures.bad_json", _("Not valid JSON (line %(line)d).") % {"line": exc.lineno}
        ) from exc
    if isinstance(data, list):
        data = {"procedures": data}
    if not isinstance(data, dict) or not isinstance(data.get("procedures"), list):
        raise AppError(
            "procedures.bad_json",
            _("The JSON must be a list of procedures or an object with a “procedures” list."),
        )
    rows = data["procedures"]
    if len(rows) > MAX_ROWS:
        raise AppError("procedures.too_many_rows", _("At most 5,000 rows per file."))
    return ProcedureFile(
        rows=[r if isinstance(r, dict) else {"__not_object__": r} for r in rows],
        fields=_section(data, "fields"),
        life_events=_section(data, "life_events"),
    )


def procedures_import(*, file: ProcedureFile) -> ImportReport:
    """Check everything, then write everything in one transaction (or nothing)."""
    report = ImportReport()
    sections = {
        "fields": _check_section(file.fields, "fields", report),
        "life_events": _check_section(file.life_events, "life_events", report),
    }
    known_fields = {s["code"] for s in sections["fields"]} | set(
        ProcedureField.objects.values_list("code", flat=True)
    )
    known_events = {s["code"] for s in sections["life_events"]} | set(
        LifeEvent.objects.values_list("code", flat=True)
    )
    records = _check_rows(file.rows, report, fields=known_fields, events=known_events)
    if report.errors:
        return report
    with transaction.atomic():
        for item in sections["fields"]:
            procedure_field_write(
                code=item["code"], name=item["name"], name_en=item["name_en"], order=item["order"]
            )
            report.fields_written += 1
        for item in sections["life_events"]:
            life_event_write(
                code=item["code"],
                name=item["name"],
                name_en=item["name_en"],
                icon=item["icon"],
                order=item["order"],
            )
            report.life_events_written += 1
        field_by_code = {f.code: f for f in ProcedureField.objects.all()}
        event_by_code = {e.code: e for e in LifeEvent.objects.all()}
        agency_by_code = Agency.objects.in_bulk(
            [r.agency for _row, r in records if r.agency], field_name="code"
        )
        type_by_code = {t.code: t for t in AgencyType.objects.all()}
        existing = set(
            Procedure.objects.filter(code__in=[r.code for _row, r in records]).values_list(
                "code", flat=True
            )
        )
        for _row, record in records:
            procedure_write(
                record=record,
                field=field_by_code[record.field],
                life_events=[event_by_code[c] for c in record.life_events],
                agency=agency_by_code.get(record.agency) if record.agency else None,
                agency_types=[type_by_code[c] for c in record.agency_types],
            )
            if record.code in existing:
                report.updated += 1
            else:
                report.created += 1
    return report


def _check_section(
    items: list[dict[str, Any]], name: str, report: ImportReport
) -> list[dict[str, Any]]:
    """Fields or life events: a slug code and a name each; order a whole number."""
    clean = []
    seen: set[str] = set()
    for index, item in enumerate(items, start=1):
        code = clean_line(str(item.get("code", "")))
        label = clean_line(str(item.get("name", "")))
        order = item.get("order", 100)
        icon = clean_line(str(item.get("icon", "doc"))) or "doc"
        problems = []
        if not SLUG_RE.match(code) or code in seen:
            problems.append(
                _("Each entry needs a unique code of lower-case letters, digits, “-” or “_”.")
            )
        if not label or len(label) > 200:
            problems.append(_("Each entry needs a name (up to 200 characters)."))
        if not isinstance(order, int) or isinstance(order, bool) or not 0 <= order <= 32767:
            problems.append(_("“order” must be a whole number from 0 to 32767."))
        if not SLUG_RE.match(icon):
            problems.append(_("“icon” must be a short name such as “baby”."))
        seen.add(code)
        for message in problems:
            report.errors.append(RowError(index, code, name, message))
        if not problems:
            clean.append(
                {
                    "code": code,
                    "name": label,
                    "name_en": clean_line(str(item.get("name_en", "")))[:200],
                    "order": order,
                    "icon": icon,
                }
            )
    return clean


def _check_rows(
    rows: list[dict[str, Any]], report: ImportReport, *, fields: set[str], events: set[str]
) -> list[tuple[int, CleanProcedure]]:
    agency_codes = {str(r.get("agency") or "").strip() for r in rows} - {""}
    known_agencies = set(
        Agency.objects.filter(code__in=agency_codes).values_list("code", flat=True)
    )
    known_types = set(AgencyType.objects.values_list("code", flat=True))
    records: list[tuple[int, CleanProcedure]] = []
    first_row_of: dict[str, int] = {}
    for index, raw in enumerate(rows, start=1):
        if "__not_object__" in raw:
            report.errors.append(
                RowError(index, "", "", _("Each procedure must be a JSON object."))
            )
            continue
        raw = dict(raw)
        if raw.pop("__extra__", None):
            report.errors.append(
                RowError(
                    index,
                    str(raw.get("code", "")),
                    "",
                    _("This row has more cells than the header has columns."),
                )
            )
        record, problems = procedure_record_clean(raw)
        code = clean_line(str(raw.get("code") or ""))
        if record is not None:
            if record.field not in fields:
                problems.add("field", _("Unknown field “%(code)s”.") % {"code": record.field})
            for event in record.life_events:
                if event not in events:
                    problems.add(
                        "life_events", _("Unknown life event “%(code)s”.") % {"code": event}
                    )
            if record.agency and record.agency not in known_agencies:
                problems.add(
                    "agency", _("No agency has the code “%(code)s”.") % {"code": record.agency}
                )
            for type_code in record.agency_types:
                if type_code not in known_types:
                    problems.add(
                        "agency_types", _("Unknown agency type “%(type)s”.") % {"type": type_code}
                    )
        report.add_problems(index, code, problems.by_field)
        if record is None or problems:
            continue
        if report.repeated(index, record.code, first_row_of):
            continue
        records.append((index, record))
    return records


__all__ = [
    "FIELDS",
    "JSON_FORMAT",
    "ImportReport",
    "ProcedureFile",
    "RowError",
    "procedure_file_parse",
    "procedures_import",
]
