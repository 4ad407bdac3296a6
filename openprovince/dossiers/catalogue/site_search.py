"""The procedure catalogue as a source for the site-wide search."""

from __future__ import annotations

from django.urls import reverse

from openprovince.web.registry import SearchHit

from ..selectors_catalogue import procedures_search


def search_procedures(query: str, limit: int) -> list[SearchHit]:
    return [
        SearchHit(
            title=procedure.display_name,
            url=reverse("procedures:detail", kwargs={"code": procedure.code}),
            snippet=f"{procedure.code} · {procedure.field.display_name}",
        )
        for procedure in procedures_search(query=query)[:limit]
    ]
