"""The form schema's shape (docs/dossiers.md "Form schema") and `schema_check`, which lists
every problem of a schema for the catalogue importer and the admin."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

TYPES = frozenset(
    {"text", "textarea", "number", "date", "select", "address", "cccd", "phone", "email", "group"}
)
PREFILLS = {"display_name": {"text"}, "phone": {"phone"}, "email": {"email"}}
CODE = re.compile(r"^[a-z][a-z0-9_]*$", re.ASCII)
CODE_MAX = 40
OPTION_KEY_MAX = 60
TEXT_MAX_LENGTH = 200  # default of "text"
TEXTAREA_MAX_LENGTH = 2000  # default of "textarea"
TEXT_LIMIT = 1000  # largest max_length a schema may give a "text"
TEXTAREA_LIMIT = 10000
GROUP_MAX_ROWS = 50  # largest "max" of a group, and its default

_COMMON = {"code", "type", "label", "label_en", "help", "help_en", "required"}
KEYS: dict[str, set[str]] = {
    "text": _COMMON | {"max_length", "prefill"},
    "textarea": _COMMON | {"max_length"},
    "number": _COMMON | {"min", "max", "integer"},
    "date": _COMMON | {"min", "max"},
    "select": _COMMON | {"options"},
    "address": _COMMON,
    "cccd": _COMMON,
    "phone": _COMMON | {"prefill"},
    "email": _COMMON | {"prefill"},
    "group": _COMMON | {"min", "max", "fields"},
}
OPTION_KEYS = {"key", "label", "label_en"}


def localised(item: dict[str, Any], key: str) -> str:
    """`label`/`help` of a field or option, or its `_en` twin when the page is in English."""
    if get_language() == "en" and item.get(f"{key}_en"):
        return str(item[f"{key}_en"])
    return str(item.get(key) or "")


def schema_fields(schema: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The top-level fields of a schema already checked (`schema_check`); {} has none."""
    fields = (schema or {}).get("fields") or []
    return [f for f in fields if isinstance(f, dict)]


def max_length(field: dict[str, Any]) -> int:
    default = TEXTAREA_MAX_LENGTH if field.get("type") == "textarea" else TEXT_MAX_LENGTH
    return int(field.get("max_length") or default)


def group_bounds(field: dict[str, Any]) -> tuple[int, int]:
    """(min, max) rows of a group; `required` means at least one."""
    low = int(field.get("min") or 0)
    if field.get("required"):
        low = max(low, 1)
    return low, int(field.get("max") or GROUP_MAX_ROWS)


def schema_check(schema: dict[str, Any]) -> list[str]:
    """Every problem of a form schema, as short translated messages naming the path
    (`fields[3].options: …`). An empty list: the schema is good. `{}` is good (no questions)."""
    if not isinstance(schema, dict):
        return [_("The form schema must be an object with a list of fields.")]
    problems: list[str] = []
    for key in sorted(set(schema) - {"fields"}):
        problems.append(_("%(path)s: unknown key") % {"path": key})
    fields = schema.get("fields", [])
    if not isinstance(fields, list):
        problems.append(_("%(path)s: must be a list") % {"path": "fields"})
        return problems
    _check_level(fields, "fields", problems, in_group=False)
    return problems


def _check_level(fields: list[Any], path: str, problems: list[str], *, in_group: bool) -> None:
    seen: set[str] = set()
    for i, field in enumerate(fields):
        here = f"{path}[{i}]"
        if not isinstance(field, dict):
            problems.append(_("%(path)s: must be an object") % {"path": here})
            continue
        code = field.get("code")
        if not isinstance(code, str) or not code:
            problems.append(_("%(path)s: missing code") % {"path": f"{here}.code"})
        elif not CODE.match(code) or "__" in code or len(code) > CODE_MAX:
            problems.append(
                _(
                    "%(path)s: %(code)s is not a code (a-z, digits and single _, "
                    "starting with a letter, at most 40 characters)"
                )
                % {"path": f"{here}.code", "code": code}
            )
        elif code in seen:
            problems.append(_("%(path)s: duplicate code %(code)s") % {"path": here, "code": code})
        else:
            seen.add(code)
        kind = field.get("type")
        if not isinstance(kind, str) or kind not in TYPES:
            problems.append(
                _("%(path)s: unknown type %(type)s") % {"path": f"{here}.type", "type": kind}
            )
            continue
        for key in sorted(set(field) - KEYS[kind]):
            problems.append(_("%(path)s: unknown key") % {"path": f"{here}.{key}"})
        label = field.get("label")
        if not isinstance(label, str) or not label.strip():
            problems.append(_("%(path)s: missing label") % {"path": f"{here}.label"})
        for key in ("label_en", "help", "help_en"):
            if key in field and not isinstance(field[key], str):
                problems.append(_("%(path)s: must be text") % {"path": f"{here}.{key}"})
        if "required" in field and not isinstance(field["required"], bool):
            problems.append(_("%(path)s: must be true or false") % {"path": f"{here}.required"})
        if "prefill" in field:
            prefill = field["prefill"]
            if (
                in_group
                or not isinstance(prefill, str)
                or prefill not in PREFILLS
                or kind not in PREFILLS[prefill]
            ):
                problems.append(
                    _("%(path)s: %(prefill)s cannot prefill a %(type)s field here")
                    % {"path": f"{here}.prefill", "prefill": prefill, "type": kind}
                )
        check = _CHECKS.get(kind)
        if check is not None:
            check(field, here, problems, in_group)


def _check_max_length(field: dict[str, Any], here: str, problems: list[str], _g: bool) -> None:
    if "max_length" not in field:
        return
    value = field["max_length"]
    limit = TEXTAREA_LIMIT if field["type"] == "textarea" else TEXT_LIMIT
    if not _is_int(value) or not 1 <= value <= limit:
        problems.append(
            _("%(path)s: must be a whole number from 1 to %(limit)s")
            % {"path": f"{here}.max_length", "limit": limit}
        )


def _check_number(field: dict[str, Any], here: str, problems: list[str], _g: bool) -> None:
    bounds = {}
    for key in ("min", "max"):
        if key in field:
            value = field[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
                problems.append(_("%(path)s: must be a number") % {"path": f"{here}.{key}"})
            else:
                bounds[key] = value
    if "integer" in field and not isinstance(field["integer"], bool):
        problems.append(_("%(path)s: must be true or false") % {"path": f"{here}.integer"})
    if len(bounds) == 2 and bounds["min"] > bounds["max"]:
        problems.append(_("%(path)s: min is greater than max") % {"path": here})


def _check_date(field: dict[str, Any], here: str, problems: list[str], _g: bool) -> None:
    bounds: dict[str, date | None] = {}
    for key in ("min", "max"):
        if key not in field:
            continue
        value = field[key]
        if value == "today":
            bounds[key] = None  # moves: not compared
            continue
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            bounds[key] = date.fromisoformat(value)
        except ValueError:
            problems.append(
                _('%(path)s: must be a date YYYY-MM-DD or "today"') % {"path": f"{here}.{key}"}
            )
    low, high = bounds.get("min"), bounds.get("max")
    if low is not None and high is not None and low > high:
        problems.append(_("%(path)s: min is after max") % {"path": here})


def _check_select(field: dict[str, Any], here: str, problems: list[str], _g: bool) -> None:
    options = field.get("options")
    if not isinstance(options, list) or not options:
        problems.append(_("%(path)s: a select needs options") % {"path": f"{here}.options"})
        return
    keys: set[str] = set()
    for j, option in enumerate(options):
        where = f"{here}.options[{j}]"
        if not isinstance(option, dict):
            problems.append(_("%(path)s: must be an object") % {"path": where})
            continue
        for key in sorted(set(option) - OPTION_KEYS):
            problems.append(_("%(path)s: unknown key") % {"path": f"{where}.{key}"})
        key = option.get("key")
        if not isinstance(key, str) or not key.strip() or len(key) > OPTION_KEY_MAX:
            problems.append(
                _("%(path)s: must be text of 1 to 60 characters") % {"path": f"{where}.key"}
            )
        elif key in keys:
            problems.append(
                _("%(path)s: duplicate key %(key)s") % {"path": f"{where}.key", "key": key}
            )
        else:
            keys.add(key)
        label = option.get("label")
        if not isinstance(label, str) or not label.strip():
            problems.append(_("%(path)s: missing label") % {"path": f"{where}.label"})
        if "label_en" in option and not isinstance(option["label_en"], str):
            problems.append(_("%(path)s: must be text") % {"path": f"{where}.label_en"})


def _check_group(field: dict[str, Any], here: str, problems: list[str], in_group: bool) -> None:
    if in_group:
        problems.append(_("%(path)s: a group cannot be inside a group") % {"path": here})
        return
    bounds = {}
    for key in ("min", "max"):
        if key in field:
            value = field[key]
            if not _is_int(value) or not 0 <= value <= GROUP_MAX_ROWS:
                problems.append(
                    _("%(path)s: must be a whole number from 0 to %(limit)s")
                    % {"path": f"{here}.{key}", "limit": GROUP_MAX_ROWS}
                )
            else:
                bounds[key] = value
    if bounds.get("max") == 0:
        problems.append(_("%(path)s: must be at least 1") % {"path": f"{here}.max"})
    if len(bounds) == 2 and bounds["min"] > bounds["max"]:
        problems.append(_("%(path)s: min is greater than max") % {"path": here})
    inner = field.get("fields")
    if not isinstance(inner, list) or not inner:
        problems.append(_("%(path)s: a group needs fields") % {"path": f"{here}.fields"})
        return
    _check_level(inner, f"{here}.fields", problems, in_group=True)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_CHECKS = {
    "text": _check_max_length,
    "textarea": _check_max_length,
    "number": _check_number,
    "date": _check_date,
    "select": _check_select,
    "group": _check_group,
}
