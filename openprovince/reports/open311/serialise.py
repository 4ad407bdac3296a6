"""Our reports as Open311 resources (plain dicts; rendering.py writes JSON or XML).

Never in any of them: the reporter's phone, name, account or anything that identifies them,
a moderated description, a hidden photo or a report taken off the public pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openprovince.cases.definitions import workflow_by_id
from openprovince.cases.models import CaseEvent
from openprovince.cases.workflow import State

from ..models import Report, ReportCategory, ReportPhoto
from ..services.questions import question_label
from .rendering import iso

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
FORMATS = ["text/xml", "application/json"]

# Report workflow states → FixMyStreet's detailed statuses (servicerequestupdates). A state
# an admin adds later falls back to CLOSED (terminal) or OPEN.
FMS_STATUSES = {
    "received": "OPEN",
    "triage": "INVESTIGATING",
    "assigned": "ACTION_SCHEDULED",
    "in_progress": "IN_PROGRESS",
    "resolved": "FIXED",
    "closed_fixed": "FIXED",
    "closed_forwarded": "NOT_COUNCILS_RESPONSIBILITY",
    "closed_duplicate": "DUPLICATE",
    "closed_invalid": "CLOSED",
    "closed_cannot_fix": "NO_FURTHER_ACTION",
}


def discovery_dict(*, endpoint_url: str, changeset: str | None, contact: str) -> dict[str, Any]:
    key_service = _(
        "API keys for sending reports are issued by the province's platform administrators: "
        "%(contact)s"
    ) % {"contact": contact}
    return {
        "changeset": changeset,
        "contact": contact,
        "key_service": key_service,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": endpoint_url,
                "changeset": changeset,
                "type": "production",
                "formats": FORMATS,
            }
        ],
    }


def service_dict(category: ReportCategory) -> dict[str, Any]:
    names = dict.fromkeys(n for n in (category.name, category.name_en) if n)
    return {
        "service_code": category.code,
        "service_name": category.display_name,
        "description": _("Report: %(name)s. Handled within %(days)s working days.")
        % {"name": category.display_name, "days": category.sla_working_days},
        "metadata": bool(category.questions),
        "type": "realtime",
        "keywords": ",".join(names),
        # Who handles it (e.g. "Xã / Phường"): the only grouping our categories have.
        "group": " / ".join(
            t.name_en if _english() and t.name_en else t.name for t in category.agency_types.all()
        ),
    }


def _english() -> bool:
    return get_language() == "en"


def _option_label(option: dict[str, Any]) -> str:
    if _english() and option.get("label_en"):
        return str(option["label_en"])
    return str(option.get("label", option.get("key", "")))


def _attribute(order: int, question: dict[str, Any]) -> dict[str, Any]:
    kind = question.get("type", "text")
    attribute: dict[str, Any] = {
        "variable": True,
        "code": str(question.get("code", "")),
        "datatype": "string",
        "required": bool(question.get("required")),
        "datatype_description": "",
        "order": order,
        "description": question_label(question),
    }
    if kind == "number":
        attribute["datatype"] = "number"
        attribute["datatype_description"] = _("A number, for example 12 or 12.5.")
    elif kind == "yesno":
        attribute["datatype"] = "singlevaluelist"
        attribute["values"] = [
            {"key": "true", "name": _("Yes")},
            {"key": "false", "name": _("No")},
        ]
    elif kind == "select":
        attribute["datatype"] = "singlevaluelist"
        attribute["values"] = [
            {"key": str(o.get("key", "")), "name": _option_label(o)}
            for o in question.get("options", [])
        ]
    return attribute


def service_definition_dict(category: ReportCategory) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "attributes": [_attribute(n, q) for n, q in enumerate(category.questions or [], 1)],
    }


def photo_url(*, base_url: str, photo: ReportPhoto) -> str:
    return base_url + reverse("reports:photo", kwargs={"photo_id": photo.public_id})


def _state(report: Report) -> State | None:
    return workflow_by_id(report.case.definition_id).states.get(report.case.state)


def request_dict(*, report: Report, base_url: str, extensions: bool) -> dict[str, Any]:
    case, category = report.case, report.category
    photos: list[ReportPhoto] = getattr(report, "public_photos", [])
    data: dict[str, Any] = {
        "service_request_id": case.code,
        "status": report.status,
        "status_notes": getattr(report, "status_notes", None) or "",
        "service_name": category.display_name,
        "service_code": category.code,
        "description": "" if report.description_hidden else report.description,
        "agency_responsible": case.agency.display_name,
        "service_notice": "",
        "requested_datetime": iso(report.created_at),
        "updated_datetime": iso(max(report.updated_at, case.updated_at)),  # as filtered
        "expected_datetime": iso(case.due_at),
        "address": report.address,
        "address_id": case.agency.code,
        "zipcode": "",
        "lat": report.lat,
        "long": report.lng,
        "media_url": photo_url(base_url=base_url, photo=photos[0]) if photos else "",
    }
    if extensions:
        state = _state(report)
        data["extended_attributes"] = {
            "photos": [photo_url(base_url=base_url, photo=p) for p in photos],
            "channel": case.channel,
            "detailed_status": case.state,
            "detailed_status_name": state.display_name if state else case.state,
            "supporters": report.supporters,
        }
    return data


def fms_status(*, definition_id: int, state: str) -> str:
    if state in FMS_STATUSES:
        return FMS_STATUSES[state]
    known = workflow_by_id(definition_id).states.get(state)
    return "CLOSED" if known is not None and known.terminal else "OPEN"


def update_dict(*, event: CaseEvent, base_url: str, photo: ReportPhoto | None) -> dict[str, Any]:
    state = getattr(event, "state_then", None) or event.case.state
    return {
        "update_id": str(event.pk),
        "service_request_id": event.case.code,
        "status": fms_status(definition_id=event.case.definition_id, state=state),
        "updated_datetime": iso(event.at),
        "description": event.note,
        "media_url": photo_url(base_url=base_url, photo=photo) if photo else "",
        "external_status_code": state,
    }


def submitted_dict(*, report: Report) -> dict[str, Any]:
    case = report.case
    notice = _("Received as %(code)s. %(agency)s handles it; expected by %(due)s.") % {
        "code": case.code,
        "agency": case.agency.display_name,
        "due": iso(case.due_at) or "-",
    }
    return {"service_request_id": case.code, "service_notice": notice, "account_id": None}
