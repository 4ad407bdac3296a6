"""A category's extra questions: shape check (admin) and answer check (citizen)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openprovince.core.errors import AppError
from openprovince.core.text import clean_line

from ..models import ReportCategory

TYPES = {"text", "number", "yesno", "select"}


def question_label(question: dict[str, Any]) -> str:
    if get_language() == "en" and question.get("label_en"):
        return str(question["label_en"])
    return str(question.get("label", question.get("code", "")))


def answers_clean(*, category: ReportCategory, raw: dict[str, Any]) -> dict[str, Any]:
    problems: dict[str, list[str]] = {}
    answers: dict[str, Any] = {}
    for question in category.questions or []:
        code, kind = str(question.get("code", "")), question.get("type", "text")
        field = f"q_{code}"
        value = raw.get(code, "")
        value = clean_line(str(value), max_length=300) if value is not None else ""
        if not value:
            if question.get("required"):
                problems[field] = [_("Please answer: %(q)s") % {"q": question_label(question)}]
            continue
        if kind == "number":
            try:
                answers[code] = float(value.replace(",", "."))
            except ValueError:
                problems[field] = [_("A number, please.")]
        elif kind == "yesno":
            answers[code] = value in {"1", "yes", "on", "true"}
        elif kind == "select":
            keys = {str(o.get("key")) for o in question.get("options", [])}
            if value not in keys:
                problems[field] = [_("Choose one of the options.")]
            else:
                answers[code] = value
        else:
            answers[code] = value
    if problems:
        raise AppError("reports.invalid_answers", _("Some answers are missing."), fields=problems)
    return answers
