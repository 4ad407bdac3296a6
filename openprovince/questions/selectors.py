"""Reads of questions: who may see which, the public FAQ, similar questions, statistics."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone

from openprovince.accounts.models import User
from openprovince.cases.selectors import cases_visible_to
from openprovince.core.text import parse_uuid
from openprovince.fulltext.selectors import fulltext_search

from .models import Question, QuestionTopic

FAQ_PAGE_SIZE = 20
SEARCH_DEPTH = 60  # ranked matches a FAQ search pages through
STATS_DAYS = 365


def topics_active() -> QuerySet[QuestionTopic]:
    return QuestionTopic.objects.filter(is_active=True).order_by("order", "code")


def questions_published() -> QuerySet[Question]:
    return Question.objects.filter(published=True).select_related("topic", "case__agency")


def question_for_viewer(*, public_id: Any, user: Any) -> Question | None:
    """Published questions for everyone; others only for their asker and for officials of
    the answering agency (and the agencies above it) — never other citizens or agencies."""
    question = (
        Question.objects.select_related("topic", "case__agency", "case__applicant")
        .filter(case__public_id=public_id)
        .first()
    )
    if question is None or question.published:
        return question
    if user is None or not user.is_authenticated:
        return None
    if isinstance(user, User) and question.case.applicant_id == user.pk:
        return question
    if cases_visible_to(user).filter(pk=question.case_id).exists():
        return question
    return None


def question_merge_target(*, user: Any, raw: str) -> Question | None:
    """The question an official names to merge into, by code (any case) or public id: a
    published one, or one of the agencies they see."""
    text = raw.strip()[:80]
    if not text:
        return None
    found = parse_uuid(text)
    match = Q(case__public_id=found) if found else Q(case__code__iexact=text)
    visible = Q(published=True) | Q(case__in=cases_visible_to(user))
    return Question.objects.select_related("case__agency", "topic").filter(match, visible).first()


def questions_similar(*, text: str, limit: int = 5, topic_code: str = "") -> list[Question]:
    """Published questions ranked by the full-text search (diacritics and typos forgiven)."""
    matches = fulltext_search(kind="question", query=text, limit=limit, scope=topic_code or None)
    ids = [int(m.key) for m in matches if m.key.isdigit()]
    found = questions_published().in_bulk(ids)
    return [found[i] for i in ids if i in found]


@dataclass(frozen=True)
class FaqFilters:
    query: str = ""
    topic: str = ""
    agency: str = ""


def questions_faq_page(*, filters: FaqFilters, page_number: Any = 1) -> Page[Any]:
    qs = questions_published()
    if filters.topic:
        qs = qs.filter(topic__code=filters.topic)
    if filters.agency:
        qs = qs.filter(case__agency__code=filters.agency)
    if filters.query.strip():
        ranked = questions_similar(text=filters.query, limit=SEARCH_DEPTH, topic_code=filters.topic)
        allowed = set(qs.filter(pk__in=[q.pk for q in ranked]).values_list("pk", flat=True))
        return Paginator([q for q in ranked if q.pk in allowed], FAQ_PAGE_SIZE).get_page(
            page_number
        )
    return Paginator(qs.order_by("-answered_at", "-pk"), FAQ_PAGE_SIZE).get_page(page_number)


def questions_of_asker(user: User) -> QuerySet[Question]:
    return (
        Question.objects.filter(case__applicant=user)
        .select_related("topic", "case__agency")
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class AgencyAnswering:
    agency_code: str
    agency_name: str
    answered: int
    open: int
    median_days: float | None
    on_time_share: float | None
    helpful_share: float | None


def question_stats(*, days: int = STATS_DAYS) -> list[AgencyAnswering]:
    """Per answering agency over the last `days`: answered, still open, median days from
    question to answer, share answered by the deadline, share of helpful votes."""
    since = timezone.now() - timedelta(days=days)
    rows = (
        Question.objects.filter(created_at__gte=since, duplicate_of__isnull=True)
        .exclude(case__state="closed_rejected")
        .values_list(
            "case__agency__code",
            "case__agency__name",
            "status",
            "created_at",
            "answered_at",
            "case__due_at",
            "helpful_yes",
            "helpful_no",
        )
    )
    by_agency: dict[str, dict[str, Any]] = {}
    for code, name, status, created, answered, due, yes, no in rows:
        entry = by_agency.setdefault(
            code, {"name": name, "days": [], "on_time": 0, "open": 0, "yes": 0, "no": 0}
        )
        if status == Question.Status.OPEN:
            entry["open"] += 1
        if answered is not None:
            entry["days"].append((answered - created).total_seconds() / 86400)
            entry["on_time"] += int(due is None or answered <= due)
            entry["yes"] += yes
            entry["no"] += no
    result = []
    for code, e in by_agency.items():
        answered_count, votes = len(e["days"]), e["yes"] + e["no"]
        result.append(
            AgencyAnswering(
                agency_code=code,
                agency_name=e["name"],
                answered=answered_count,
                open=e["open"],
                median_days=statistics.median(e["days"]) if e["days"] else None,
                on_time_share=e["on_time"] / answered_count if answered_count else None,
                helpful_share=e["yes"] / votes if votes else None,
            )
        )
    return sorted(result, key=lambda a: (-a.answered, a.agency_name))
