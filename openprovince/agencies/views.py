"""The public agency directory (`/agencies/`)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openprovince.core.access import public
from openprovince.web.page_cache import cached_guest_page
from openprovince.web.search import search_query_clean

from .selectors import (
    agency_ancestors,
    agency_children_public,
    agency_directory_page,
    agency_filter_choices,
    agency_get_public,
)
from .services import CONTENT_NAMESPACE


def _page_number(raw: str) -> int:
    return int(raw) if raw.isdigit() and len(raw) < 6 else 1


@public
@require_GET
@cached_guest_page(CONTENT_NAMESPACE)
def directory(request: HttpRequest) -> HttpResponse:
    query = search_query_clean(request.GET.get("q", ""))
    type_choices = agency_filter_choices()
    type_code = request.GET.get("type", "")
    if type_code not in {code for code, _name in type_choices}:
        type_code = ""
    page = agency_directory_page(
        query=query, type_code=type_code, page_number=_page_number(request.GET.get("page", "1"))
    )
    context = {"page": page, "query": query, "type_code": type_code, "type_choices": type_choices}
    if request.headers.get("HX-Request"):
        return render(request, "agencies/_directory_results.html", context)
    return render(request, "agencies/directory.html", context)


@public
@require_GET
@cached_guest_page(CONTENT_NAMESPACE)
def detail(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_get_public(code=code)
    if agency is None:
        raise Http404
    return render(
        request,
        "agencies/detail.html",
        {
            "agency": agency,
            "ancestors": agency_ancestors(agency=agency),
            "children": agency_children_public(agency=agency),
        },
    )
