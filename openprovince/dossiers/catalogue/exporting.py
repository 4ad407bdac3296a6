"""Export the catalogue in the formats the importer reads (export → import gives the same
catalogue)."""

from __future__ import annotations

import json
from typing import Any, Protocol

from ..models import LifeEvent, Procedure, ProcedureField
from .importing import JSON_FORMAT
from .validation import FIELDS


class RowWriter(Protocol):
    def writerow(self, row: list[Any], /) -> Any: ...


def _record(procedure: Procedure) -> dict[str, Any]:
    return {
        "code": procedure.code,
        "name": procedure.name,
        "name_en": procedure.name_en,
        "field": procedure.field.code,
        "life_events": sorted(e.code for e in procedure.life_events.all()),
        "agency": procedure.agency.code if procedure.agency else "",
        "agency_types": sorted(t.code for t in procedure.agency_types.all()),
        "online_level": procedure.online_level,
        "processing_days": procedure.processing_days,
        "fees": procedure.fees,
        "legal_basis": procedure.legal_basis,
        "result_type": procedure.result_type,
        "steps": procedure.steps,
        "documents": procedure.documents,
        "form_schema": procedure.form_schema,
        "description": procedure.description,
        "keywords": procedure.keywords,
        "is_active": procedure.is_active,
    }


def _all() -> list[Procedure]:
    return list(
        Procedure.objects.select_related("field", "agency")
        .prefetch_related("life_events", "agency_types")
        .order_by("code")
    )


def procedures_export_json() -> dict[str, Any]:
    return {
        "format": JSON_FORMAT,
        "fields": [
            {"code": f.code, "name": f.name, "name_en": f.name_en, "order": f.order}
            for f in ProcedureField.objects.order_by("order", "code")
        ],
        "life_events": [
            {"code": e.code, "name": e.name, "name_en": e.name_en, "icon": e.icon, "order": e.order}
            for e in LifeEvent.objects.order_by("order", "code")
        ],
        "procedures": [_record(p) for p in _all()],
    }


def _cell(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) if value else ""


def procedures_export_csv(writer: RowWriter) -> None:
    """One row per procedure; lists and the form as JSON in their cells, life events as
    `;`-separated codes, steps one per line when none has an English text."""
    writer.writerow(list(FIELDS))
    for procedure in _all():
        record = _record(procedure)
        record["life_events"] = ";".join(record["life_events"])
        record["agency_types"] = ";".join(record["agency_types"])
        steps = record["steps"]
        if any("text_en" in s or "\n" in s["text"] for s in steps) or (
            steps and steps[0]["text"].startswith("[")
        ):
            record["steps"] = _cell(steps)
        else:
            record["steps"] = "\n".join(s["text"] for s in steps)
        for name in ("fees", "documents", "form_schema"):
            record[name] = _cell(record[name])
        record["is_active"] = "1" if record["is_active"] else "0"
        writer.writerow([record[name] for name in FIELDS])
