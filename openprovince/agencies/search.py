"""The agency directory as a source for the site-wide search."""

from __future__ import annotations

from django.utils.text import Truncator

from openprovince.web.registry import SearchHit

from .selectors import agencies_search


def search_agencies(query: str, limit: int) -> list[SearchHit]:
    return [
        SearchHit(
            title=agency.display_name,
            url=agency.get_absolute_url(),
            snippet=" · ".join(p for p in (agency.address, agency.phone) if p)
            or Truncator(agency.description).chars(120),
        )
        for agency in agencies_search(query=query)[:limit]
    ]
