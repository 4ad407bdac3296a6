"""The site-wide search's source for answered questions."""

from __future__ import annotations

from django.urls import reverse

from openprovince.web.registry import SearchHit

from .selectors import questions_similar


def search_questions(query: str, limit: int) -> list[SearchHit]:
    return [
        SearchHit(
            title=q.title,
            url=reverse("questions:detail", kwargs={"public_id": q.case.public_id}),
            snippet=q.answer[:160],
        )
        for q in questions_similar(text=query, limit=limit)
    ]
