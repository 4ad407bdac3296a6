"""The site-wide search's source for news: what shows province-wide (a search page is the
same for every device)."""

from __future__ import annotations

from django.urls import reverse

from openprovince.web.registry import SearchHit

from .selectors import Filters, news_feed


def search_news(query: str, limit: int) -> list[SearchHit]:
    return [
        SearchHit(
            title=a.title,
            url=reverse("news:detail", args=[a.public_id]),
            snippet=(a.summary or a.body_text)[:160],
        )
        for a in news_feed(Filters(query=query))[:limit]
    ]
