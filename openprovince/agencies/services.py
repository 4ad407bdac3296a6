"""Writes to the agency tree. Every write keeps `path`, `depth`, the bounding box and the
search text consistent, and bumps the "agencies" content version so cached pages refresh."""

from __future__ import annotations

from collections import deque

from django.db import transaction
from django.utils.translation import gettext as _

from openprovince.core.content_versions import content_version_bump
from openprovince.core.errors import AppError
from openprovince.core.geo import parse_area
from openprovince.core.text import fold

from .models import Agency, AgencyType
from .validation import RECORD_FIELDS, CleanAgency

CONTENT_NAMESPACE = "agencies"
SEGMENT = "{:010d}."
MAX_DEPTH = 20


def _search_text(agency: Agency) -> str:
    parts = [
        agency.code,
        agency.name,
        agency.name_en,
        agency.address,
        agency.description,
        agency.type.name,
        agency.type.name_en,
    ]
    return fold(" ".join(p for p in parts if p))


def _apply_boundary(agency: Agency) -> None:
    if agency.boundary:
        box = parse_area(agency.boundary).bbox
        agency.min_lat, agency.max_lat = box.min_lat, box.max_lat
        agency.min_lng, agency.max_lng = box.min_lng, box.max_lng
    else:
        agency.min_lat = agency.max_lat = agency.min_lng = agency.max_lng = None


def _place(agency: Agency) -> None:
    parent_path = agency.parent.path if agency.parent else ""
    agency.path = parent_path + SEGMENT.format(agency.pk)
    agency.depth = agency.parent.depth + 1 if agency.parent else 0
    if agency.depth >= MAX_DEPTH:
        raise AppError(
            "agencies.too_deep",
            _("The agency tree may be at most %(max)d levels deep.") % {"max": MAX_DEPTH},
        )


def agency_write(*, record: CleanAgency, parent: Agency | None, agency_type: AgencyType) -> Agency:
    """Create or update the agency with `record.code`. Callers check the record first
    (`agency_record_clean`) and resolve the parent; this keeps the tree fields right."""
    agency = Agency.objects.filter(code=record.code).first() or Agency(code=record.code)
    old_path = agency.path
    if parent is not None and old_path and parent.path.startswith(old_path):
        raise AppError(
            "agencies.cycle",
            _("An agency cannot be placed under itself or one of its own sub-agencies."),
            fields={"parent_code": [_("Choose a parent outside this agency's branch.")]},
        )
    for name in RECORD_FIELDS:
        setattr(agency, name, getattr(record, name))
    agency.parent = parent
    agency.type = agency_type
    _apply_boundary(agency)
    agency.search_text = _search_text(agency)
    agency.name_folded = fold(f"{agency.name} {agency.name_en}")
    with transaction.atomic():
        if agency.pk is None:
            agency.path = "pending"
            agency.save()
        _place(agency)
        agency.save()
        if old_path and old_path != agency.path:
            _replace_subtree_paths(old_path=old_path, new_root=agency)
        content_version_bump(namespace=CONTENT_NAMESPACE)
    return agency


def _replace_subtree_paths(*, old_path: str, new_root: Agency) -> None:
    """After a move: rewrite the descendants' paths and depths below `new_root`."""
    queue = deque([new_root])
    while queue:
        node = queue.popleft()
        for child in Agency.objects.filter(parent=node):
            child.parent = node
            _place(child)
            child.save(update_fields=["path", "depth", "updated_at"])
            queue.append(child)


def agency_type_write(*, code: str, name: str, name_en: str = "", order: int = 100) -> AgencyType:
    agency_type, _created = AgencyType.objects.update_or_create(
        code=code, defaults={"name": name, "name_en": name_en, "order": order}
    )
    content_version_bump(namespace=CONTENT_NAMESPACE)
    return agency_type
