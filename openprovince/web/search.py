"""Site-wide search: each registered source answers with its best hits."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise

from openprovince.core.text import clean_line, fold, fold_terms

from .registry import SearchHit, search_sources, tiles

PER_SOURCE = 8


@dataclass(frozen=True)
class SearchGroup:
    key: str
    label: str | Promise
    hits: list[SearchHit]


def search_query_clean(raw: str) -> str:
    return clean_line(raw, max_length=settings.SEARCH_QUERY_MAX_CHARS)


def search_services(query: str, limit: int) -> list[SearchHit]:
    """Home tiles whose title, hint or keywords contain every word of the query."""
    terms = fold_terms(query)
    hits = []
    for tile in tiles():
        text = fold(f"{tile.title} {tile.hint} {tile.keywords}")
        if terms and all(term in text for term in terms):
            hits.append(
                SearchHit(title=str(tile.title), url=reverse(tile.url_name), snippet=str(tile.hint))
            )
    return hits[:limit]


def site_search(*, query: str) -> list[SearchGroup]:
    if not fold_terms(query):
        return []
    groups = []
    for source in search_sources():
        hits = source.search(query, PER_SOURCE)
        if hits:
            groups.append(SearchGroup(key=source.key, label=source.label, hits=hits))
    return groups
