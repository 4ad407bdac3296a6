"""Writes to the procedure catalogue. Every write keeps the folded search text current and
bumps the "procedures" content version so cached public pages refresh (no signals)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from openprovince.agencies.models import Agency, AgencyType
from openprovince.core.content_versions import content_version_bump

from ..models import LifeEvent, Procedure, ProcedureField
from .search_text import procedure_name_folded, procedure_search_text
from .validation import FIELDS, CleanProcedure

CONTENT_NAMESPACE = "procedures"
# The procedure's own columns, written as they come (the rest are relations or the key).
RECORD_FIELDS = tuple(
    f for f in FIELDS if f not in {"code", "field", "life_events", "agency", "agency_types"}
)


def procedure_save(
    *,
    procedure: Procedure,
    life_events: Iterable[LifeEvent] | None = None,
    agency_types: Iterable[AgencyType] | None = None,
) -> Procedure:
    """Save a procedure (new or changed) with its life events and competent agency types, and
    refresh its search text. The admin and the importer both write through here."""
    with transaction.atomic():
        procedure.save()
        if life_events is not None:
            procedure.life_events.set(list(life_events))
        if agency_types is not None:
            procedure.agency_types.set(list(agency_types))
        procedure_search_text_refresh(procedures=[procedure])
        content_version_bump(namespace=CONTENT_NAMESPACE)
    return procedure


def procedure_search_text_refresh(*, procedures: Iterable[Procedure]) -> int:
    """Recompute the folded texts (after a field or life event was renamed)."""
    count = 0
    for procedure in procedures:
        procedure.search_text = procedure_search_text(procedure)
        procedure.name_folded = procedure_name_folded(procedure)
        Procedure.objects.filter(pk=procedure.pk).update(
            search_text=procedure.search_text, name_folded=procedure.name_folded
        )
        count += 1
    return count


def procedure_write(
    *,
    record: CleanProcedure,
    field: ProcedureField,
    life_events: list[LifeEvent],
    agency: Agency | None,
    agency_types: list[AgencyType],
) -> Procedure:
    """Create or update the procedure with `record.code` (callers check the record first and
    resolve the codes)."""
    procedure = Procedure.objects.filter(code=record.code).first() or Procedure(code=record.code)
    for name in RECORD_FIELDS:
        setattr(procedure, name, getattr(record, name))
    procedure.field = field
    procedure.agency = agency
    return procedure_save(procedure=procedure, life_events=life_events, agency_types=agency_types)


def procedure_field_save(*, item: ProcedureField) -> ProcedureField:
    """Save a field (new or changed) and refresh the search text of its procedures."""
    with transaction.atomic():
        item.save()
        procedure_search_text_refresh(
            procedures=Procedure.objects.filter(field=item)
            .select_related("field")
            .prefetch_related("life_events")
        )
        content_version_bump(namespace=CONTENT_NAMESPACE)
    return item


def life_event_save(*, item: LifeEvent) -> LifeEvent:
    """Save a life event (new or changed) and refresh the search text of its procedures."""
    with transaction.atomic():
        item.save()
        procedure_search_text_refresh(
            procedures=item.procedures.select_related("field").prefetch_related("life_events")
        )
        content_version_bump(namespace=CONTENT_NAMESPACE)
    return item


def procedure_field_write(
    *, code: str, name: str, name_en: str = "", order: int = 100
) -> ProcedureField:
    """Create or update the field with this code."""
    item = ProcedureField.objects.filter(code=code).first() or ProcedureField(code=code)
    item.name, item.name_en, item.order = name, name_en, order
    return procedure_field_save(item=item)


def life_event_write(
    *, code: str, name: str, name_en: str = "", icon: str = "doc", order: int = 100
) -> LifeEvent:
    """Create or update the life event with this code."""
    item = LifeEvent.objects.filter(code=code).first() or LifeEvent(code=code)
    item.name, item.name_en, item.icon, item.order = name, name_en, icon, order
    return life_event_save(item=item)
