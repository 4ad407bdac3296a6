"""Reads of the procedure catalogue (public pages, site search, the apply step)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from openprovince.agencies.models import Agency, AgencyType
from openprovince.core.text import fold_terms

from .models import LifeEvent, Procedure, ProcedureField

PAGE_SIZE = 20
MAX_TERMS = 8


@dataclass(frozen=True)
class ProcedureFilters:
    """Browse filters, by code; empty means no filter."""

    field: str = ""
    life_event: str = ""
    agency: str = ""  # an agency's code: its own procedures and those of its type
    agency_type: str = ""  # the procedures every agency of this type handles
    online_level: str = ""

    @property
    def any(self) -> bool:
        return any((self.field, self.life_event, self.agency, self.agency_type, self.online_level))


def procedures_public() -> QuerySet[Procedure]:
    return Procedure.objects.filter(is_active=True).select_related("field", "agency")


def procedure_get_public(*, code: str) -> Procedure | None:
    """An active procedure by code (None: unknown or withdrawn → 404)."""
    if not code or len(code) > 40:
        return None
    try:
        return procedures_public().prefetch_related("life_events", "agency_types").get(code=code)
    except Procedure.DoesNotExist:
        return None


def procedures_search(
    *, query: str = "", filters: ProcedureFilters | None = None
) -> QuerySet[Procedure]:
    """Active procedures with a word starting with each folded term of `query`.

    Diacritics, case and Unicode form do not matter ("dang ky khai sinh" finds "Đăng ký khai
    sinh"; "khai si" too, while typing). Ranked: the query as a phrase in the name, then as a
    phrase elsewhere (field, keywords, life events, code), then every term in the name, then
    the rest; within a rank by field and name.
    """
    filters = filters or ProcedureFilters()
    qs = procedures_public()
    terms = fold_terms(query)[:MAX_TERMS]
    for term in terms:
        qs = qs.filter(search_text__contains=f" {term}")
    if filters.field:
        qs = qs.filter(field__code=filters.field)
    if filters.life_event:
        qs = qs.filter(life_events__code=filters.life_event)
    if filters.agency_type:
        qs = qs.filter(pk__in=_with_type(Q(agencytype__code=filters.agency_type)))
    if filters.online_level:
        qs = qs.filter(online_level=filters.online_level)
    if filters.agency:
        agency = Agency.objects.filter(code=filters.agency).values("pk", "type_id").first()
        if agency is None:
            return qs.none()
        qs = qs.filter(
            Q(agency_id=agency["pk"]) | Q(pk__in=_with_type(Q(agencytype_id=agency["type_id"])))
        )
    if not terms:
        return qs.order_by("field__order", "field__code", "name", "code")
    phrase = " " + " ".join(terms)
    all_in_name = Q()
    for term in terms:
        all_in_name &= Q(name_folded__contains=f" {term}")
    rank = Case(
        When(name_folded__contains=phrase, then=Value(0)),
        When(search_text__contains=phrase, then=Value(1)),
        When(all_in_name, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return qs.annotate(rank=rank).order_by("rank", "field__order", "field__code", "name", "code")


def _with_type(condition: Q) -> QuerySet[Any]:
    """Ids of procedures with a competent agency type matching `condition` (a subquery, so
    a procedure with several types is listed once)."""
    through = Procedure.agency_types.through
    return through.objects.filter(condition).values("procedure_id")


def procedure_catalogue_page(
    *, query: str, filters: ProcedureFilters, page_number: int
) -> Page[Any]:
    paginator = Paginator(procedures_search(query=query, filters=filters), PAGE_SIZE)
    return paginator.get_page(page_number)


def procedure_fields_in_use() -> list[ProcedureField]:
    """Fields with at least one active procedure, with their count (`n`)."""
    return list(
        ProcedureField.objects.annotate(n=Count("procedures", filter=Q(procedures__is_active=True)))
        .filter(n__gt=0)
        .order_by("order", "code")
    )


def life_events_in_use() -> list[LifeEvent]:
    return list(
        LifeEvent.objects.annotate(n=Count("procedures", filter=Q(procedures__is_active=True)))
        .filter(n__gt=0)
        .order_by("order", "code")
    )


def procedure_agencies_in_use() -> tuple[list[Agency], list[AgencyType]]:
    """The fixed competent agencies and the agency types of active procedures, to browse by."""
    active = Procedure.objects.filter(is_active=True)
    agencies = list(
        Agency.objects.filter(
            pk__in=active.filter(agency__isnull=False).values("agency_id"), is_active=True
        ).order_by("name")
    )
    through = Procedure.agency_types.through
    types = list(
        AgencyType.objects.filter(
            pk__in=through.objects.filter(procedure__is_active=True).values("agencytype_id")
        ).order_by("order", "code")
    )
    return agencies, types
