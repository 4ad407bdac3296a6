"""Export the agency tree in the same formats the importer reads (round-trips exactly)."""

from __future__ import annotations

import json
from typing import Any, Protocol

from .importing import JSON_FORMAT
from .models import Agency, AgencyType
from .validation import FIELDS


class RowWriter(Protocol):
    def writerow(self, row: list[Any], /) -> Any: ...


def _record(agency: Agency) -> dict[str, Any]:
    return {
        "code": agency.code,
        "parent_code": agency.parent.code if agency.parent else "",
        "type": agency.type.code,
        "name": agency.name,
        "name_en": agency.name_en,
        "phone": agency.phone,
        "email": agency.email,
        "address": agency.address,
        "opening_hours": agency.opening_hours,
        "website": agency.website,
        "description": agency.description,
        "lat": agency.lat,
        "lng": agency.lng,
        "boundary": agency.boundary,
        "is_active": agency.is_active,
    }


def _all() -> list[Agency]:
    return list(Agency.objects.select_related("type", "parent").order_by("path"))


def agencies_export_json() -> dict[str, Any]:
    return {
        "format": JSON_FORMAT,
        "agency_types": [
            {"code": t.code, "name": t.name, "name_en": t.name_en, "order": t.order}
            for t in AgencyType.objects.all()
        ],
        "agencies": [_record(a) for a in _all()],
    }


def agencies_export_csv(writer: RowWriter) -> None:
    writer.writerow(list(FIELDS))
    for agency in _all():
        record = _record(agency)
        record["boundary"] = json.dumps(record["boundary"]) if record["boundary"] else ""
        record["lat"] = "" if record["lat"] is None else record["lat"]
        record["lng"] = "" if record["lng"] is None else record["lng"]
        record["is_active"] = "1" if record["is_active"] else "0"
        writer.writerow([record[name] for name in FIELDS])
