"""A dossier's answers as officials and slips show them: each question's label with the answer
in words (the option's label, the commune's name, dates as dd/mm/yyyy), groups as rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import get_language

from openprovince.accounts.phone import phone_display
from openprovince.agencies.models import Agency


@dataclass
class Shown:
    label: str
    value: str = ""
    rows: list[list[Shown]] = field(default_factory=list)


def _label(item: dict[str, Any]) -> str:
    english = get_language() == "en" and item.get("label_en")
    return str(item.get("label_en") if english else item.get("label", item.get("code", "")))


def _value(spec: dict[str, Any], value: Any, communes: dict[str, str]) -> str:
    kind = spec.get("type")
    if value in (None, "", [], {}):
        return "—"
    if kind == "select":
        option = next((o for o in spec.get("options", []) if o.get("key") == value), None)
        return _label(option) if option else str(value)
    if kind == "address" and isinstance(value, dict):
        commune = communes.get(str(value.get("commune", "")), str(value.get("commune", "")))
        return ", ".join(part for part in (str(value.get("street", "")), commune) if part)
    if kind == "date":
        try:
            return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    if kind == "phone":
        try:
            return phone_display(str(value))
        except (ValueError, IndexError):
            return str(value)
    if kind == "number" and isinstance(value, int | float):
        text = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")
        return text.replace(",", "\u2009").replace(".", ",")
    return str(value)


def _communes(fields: list[dict[str, Any]], answers: dict[str, Any]) -> dict[str, str]:
    codes: set[str] = set()

    def collect(specs: list[dict[str, Any]], values: dict[str, Any]) -> None:
        for spec in specs:
            value = values.get(spec.get("code", ""))
            if spec.get("type") == "address" and isinstance(value, dict):
                codes.add(str(value.get("commune", "")))
            elif spec.get("type") == "group" and isinstance(value, list):
                for row in value:
                    if isinstance(row, dict):
                        collect(spec.get("fields", []), row)

    collect(fields, answers)
    return dict(Agency.objects.filter(code__in=codes).values_list("code", "name"))


def answers_display(schema: dict[str, Any], answers: dict[str, Any]) -> list[Shown]:
    fields = [f for f in (schema or {}).get("fields", []) if isinstance(f, dict)]
    communes = _communes(fields, answers or {})
    shown = []
    for spec in fields:
        value = (answers or {}).get(spec.get("code", ""))
        if spec.get("type") == "group":
            rows = [
                [Shown(_label(s), _value(s, row.get(s.get("code", "")), communes))
                 for s in spec.get("fields", [])]
                for row in (value if isinstance(value, list) else [])
                if isinstance(row, dict)
            ]  # fmt: skip
            shown.append(Shown(_label(spec), rows=rows))
        else:
            shown.append(Shown(_label(spec), _value(spec, value, communes)))
    return shown
