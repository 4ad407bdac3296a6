"""JSON API for agencies: list/search, one agency, and "which agency covers this point"."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from openprovince.core.content_versions import content_cached
from openprovince.core.errors import AppError, NotFound
from openprovince.core.geo import valid_point
from openprovince.core.text import fold
from openprovince.web.search import search_query_clean

from .models import Agency, AgencyType
from .selectors import agency_containing_point, agency_directory_page, agency_get_public
from .services import CONTENT_NAMESPACE

router = Router(tags=["agencies"])


class AgencyTypeOut(Schema):
    code: str
    name: str
    name_en: str


class AgencyOut(Schema):
    code: str
    name: str
    name_en: str
    type: str
    parent_code: str | None
    depth: int
    phone: str
    email: str
    address: str
    opening_hours: str
    website: str
    lat: float | None
    lng: float | None
    url: str


class AgencyDetailOut(AgencyOut):
    description: str
    boundary: dict[str, Any] | None


class AgencyPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[AgencyOut]


def _agency_out(agency: Agency, *, detail: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": agency.code,
        "name": agency.name,
        "name_en": agency.name_en,
        "type": agency.type.code,
        "parent_code": agency.parent.code if agency.parent_id and agency.parent else None,
        "depth": agency.depth,
        "phone": agency.phone,
        "email": agency.email,
        "address": agency.address,
        "opening_hours": agency.opening_hours,
        "website": agency.website,
        "lat": agency.lat,
        "lng": agency.lng,
        "url": agency.get_absolute_url(),
    }
    if detail:
        data["description"] = agency.description
        data["boundary"] = agency.boundary
    return data


@router.get("/agency-types", response=list[AgencyTypeOut], summary="Agency types")
def list_agency_types(request: HttpRequest) -> list[AgencyType]:
    return list(AgencyType.objects.all())


@router.get("/agencies", response=AgencyPageOut, summary="Search the agency directory")
def list_agencies(
    request: HttpRequest, q: str = "", type: str = "", page: int = 1
) -> dict[str, Any]:
    query, type_code, page = search_query_clean(q), type[:40], max(1, min(page, 100_000))

    def build() -> dict[str, Any]:
        result = agency_directory_page(
            query=query, type_code=type_code, page_number=page, with_parent=True
        )
        return {
            "count": result.paginator.count,
            "page": result.number,
            "pages": result.paginator.num_pages,
            "items": [_agency_out(a) for a in result.object_list],
        }

    key = f"api.agencies:{page}:{type_code}:{fold(query)}"
    return content_cached(namespace=CONTENT_NAMESPACE, key=key, build=build)


@router.get("/agencies/locate", response=AgencyOut, summary="The deepest agency covering a point")
def locate_agency(request: HttpRequest, lat: float, lng: float, type: str = "") -> dict[str, Any]:
    if not valid_point(lat, lng):
        raise AppError(
            "agencies.bad_point", _("Latitude must be within ±90 and longitude within ±180.")
        )
    agency = agency_containing_point(lat=lat, lng=lng, type_code=type[:40])
    if agency is None:
        raise NotFound(
            "agencies.outside", _("No agency covers this place; it may be outside the province.")
        )
    return _agency_out(agency)


@router.get("/agencies/{code}", response=AgencyDetailOut, summary="One agency")
def get_agency(request: HttpRequest, code: str) -> dict[str, Any]:
    def build() -> dict[str, Any]:
        agency = agency_get_public(code=code)
        return _agency_out(agency, detail=True) if agency else {}

    data = content_cached(namespace=CONTENT_NAMESPACE, key=f"api.agency:{code[:40]}", build=build)
    if not data:
        raise NotFound("agencies.not_found", _("No agency has this code."))
    return data
