"""Report categories as a source for the site-wide search ("den duong" → report a light)."""

from __future__ import annotations

from django.urls import reverse

from openprovince.core.text import fold, fold_terms
from openprovince.web.registry import SearchHit

from .selectors import categories_active


def search_reports(query: str, limit: int) -> list[SearchHit]:
    terms = fold_terms(query)
    hits = []
    for category in categories_active():
        text = fold(f"{category.name} {category.name_en}")
        if terms and all(t in text for t in terms):
            hits.append(
                SearchHit(
                    title=category.display_name,
                    url=f"{reverse('reports:new')}?category={category.code}",
                    snippet="",
                )
            )
    return hits[:limit]
