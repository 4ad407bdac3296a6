"""One check of what an official typed for an article, for the office form and the API.
Errors name the field, in Vietnamese (English on request)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from openprovince.agencies.models import Agency
from openprovince.core.errors import AppError
from openprovince.core.text import clean_line, strip_invisible

from ..models import NewsCategory
from ..rules import areas_reachable, is_local
from ..sanitise import html_sanitise, html_to_text

TITLE_MIN, TITLE_MAX, SUMMARY_MAX = 5, 200, 400
MAX_AREAS = 50


@dataclass(frozen=True)
class ArticleInput:
    title: str
    summary: str
    body_html: str
    body_text: str
    category: NewsCategory
    whole_province: bool
    areas: list[Agency]
    is_urgent: bool
    is_pinned: bool
    publish_at: datetime | None
    expires_at: datetime | None


def _when(raw: object, field: str, errors: dict[str, list[str]]) -> datetime | None:
    if isinstance(raw, datetime):
        value: datetime | None = raw
    else:
        text = str(raw or "").strip()
        if not text:
            return None
        try:
            value = parse_datetime(text.replace(" ", "T", 1) if "T" not in text else text)
        except ValueError:
            value = None
        if value is None:
            errors[field] = [_("Enter a date and time, e.g. 2026-12-31 08:00.")]
            return None
    assert value is not None
    if timezone.is_naive(value):  # a datetime-local field: the province's own time
        value = timezone.make_aware(value)
    return value


def _strings(raw: object) -> list[str]:
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list | tuple):
        return [str(item) for item in raw]
    return []


def _flag(raw: object) -> bool:
    return str(raw).strip().lower() in {"1", "true", "on", "yes"}


def article_input_clean(*, data: Mapping[str, object], agency: Agency) -> ArticleInput:
    """Check `data` (form or JSON fields) for an article of `agency`. Raises AppError
    `news.invalid` with `fields` naming every problem."""
    errors: dict[str, list[str]] = {}
    title = clean_line(str(data.get("title") or ""), max_length=TITLE_MAX + 1)
    if len(title) < TITLE_MIN:
        errors["title"] = [_("Write a title of at least 5 characters.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("The title may have at most 200 characters.")]
    summary = strip_invisible(str(data.get("summary") or "")).strip()
    summary = " ".join(summary.split())
    if len(summary) > SUMMARY_MAX:
        errors["summary"] = [_("The summary may have at most 400 characters.")]
    body_html = ""
    try:
        body_html = html_sanitise(str(data.get("body") or ""))
    except AppError as exc:
        errors["body"] = [exc.message]
    body_text = html_to_text(body_html) if body_html else ""
    if not body_text and not summary:
        errors.setdefault("body", [_("Write the text of the article (or at least a summary).")])
    category = NewsCategory.objects.filter(
        code=str(data.get("category") or ""), is_active=True
    ).first()
    if category is None:
        errors["category"] = [_("Choose a category.")]
    whole_province = _flag(data.get("whole_province"))
    codes = sorted({c.strip() for c in _strings(data.get("areas")) if c.strip()})
    areas: list[Agency] = []
    if whole_province and is_local(agency):
        errors["whole_province"] = [
            _(
                "A commune or ward publishes for its own area; "
                "province-wide news comes from the province."
            )
        ]
    elif not whole_province:
        if not codes:
            errors["areas"] = [_("Choose the whole province or at least one commune/ward.")]
        elif len(codes) > MAX_AREAS:
            errors["areas"] = [_("Choose at most 50 communes/wards, or the whole province.")]
        else:
            areas = list(areas_reachable(agency).filter(code__in=codes))
            if len(areas) != len(codes):
                errors["areas"] = [_("Your agency cannot publish for some of these areas.")]
    publish_at = _when(data.get("publish_at"), "publish_at", errors)
    expires_at = _when(data.get("expires_at"), "expires_at", errors)
    if expires_at is not None and "expires_at" not in errors:
        start = publish_at or timezone.now()
        if expires_at <= start:
            errors["expires_at"] = [_("The end must come after the publishing time.")]
    if errors:
        raise AppError("news.invalid", _("Please correct the marked fields."), fields=errors)
    assert category is not None
    return ArticleInput(
        title=title,
        summary=summary,
        body_html=body_html,
        body_text=body_text,
        category=category,
        whole_province=whole_province,
        areas=areas,
        is_urgent=_flag(data.get("is_urgent")),
        is_pinned=_flag(data.get("is_pinned")),
        publish_at=publish_at,
        expires_at=expires_at,
    )
