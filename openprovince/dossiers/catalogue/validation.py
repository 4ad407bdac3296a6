"""Checking one procedure record (from a CSV row, a JSON object or the admin form).

Each check returns the cleaned value and a list of messages (empty: fine). Cross-record checks
(the field, life events and agency exist; codes not repeated) belong to the importer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from openprovince.core.text import clean_line, strip_invisible

# National code (1.001193), optionally followed by local suffixes (1.001193.H56).
CODE_RE = re.compile(r"^\d\.\d{6}(\.[A-Za-z0-9]+)*$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
DOCUMENT_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
WHOLE_RE = re.compile(r"^[0-9]{1,15}$")
ONLINE_LEVELS = ("full", "partial")
# Columns of the CSV format (and keys of a JSON procedure), in file order.
FIELDS = (
    "code",
    "name",
    "name_en",
    "field",
    "life_events",
    "agency",
    "agency_types",
    "online_level",
    "processing_days",
    "fees",
    "legal_basis",
    "result_type",
    "steps",
    "documents",
    "form_schema",
    "description",
    "keywords",
    "is_active",
)
MAX_LENGTHS = {
    "code": 40,
    "name": 300,
    "name_en": 300,
    "legal_basis": 5000,
    "result_type": 300,
    "description": 10000,
    "keywords": 300,
}
TEXT_LIMITS = {**MAX_LENGTHS, "field": 60, "agency": 40, "online_level": 10}
MULTILINE = {"legal_basis", "description"}
MAX_ITEMS = 50
MAX_PROCESSING_DAYS = 365
MAX_FEE = 10**12
DOCUMENT_KEYS = {"code", "name", "name_en", "copies", "required", "template"}
FEE_KEYS = {"label", "label_en", "amount"}
STEP_KEYS = {"text", "text_en"}
TRUE_WORDS = {"1", "true", "yes", "co", "có", "x"}
FALSE_WORDS = {"0", "false", "no", "khong", "không"}


@dataclass
class CleanProcedure:
    code: str
    name: str
    field: str  # ProcedureField code
    processing_days: int
    name_en: str = ""
    life_events: list[str] = _field(default_factory=list)  # LifeEvent codes
    agency: str = ""  # Agency code
    agency_types: list[str] = _field(default_factory=list)  # AgencyType codes
    online_level: str = "full"
    fees: list[dict[str, Any]] = _field(default_factory=list)
    legal_basis: str = ""
    result_type: str = ""
    steps: list[dict[str, Any]] = _field(default_factory=list)
    documents: list[dict[str, Any]] = _field(default_factory=list)
    form_schema: dict[str, Any] = _field(default_factory=dict)
    description: str = ""
    keywords: str = ""
    is_active: bool = True


@dataclass
class FieldProblems:
    """Messages per field for one record; empty means the record is valid."""

    by_field: dict[str, list[str]] = _field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def extend(self, name: str, messages: list[str]) -> None:
        for message in messages:
            self.add(name, message)

    def __bool__(self) -> bool:
        return bool(self.by_field)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value: Any, *, multiline: bool = False) -> str | None:
    """Text from a cell or JSON value; None when it is not text (a list, an object, …)."""
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    text = str(value)
    return strip_invisible(text, keep_newlines=True).strip() if multiline else clean_line(text)


def _json_value(value: Any, *, empty: Any) -> tuple[Any, list[str]]:
    """A JSON cell (CSV) or an already parsed JSON value; blank means `empty`."""
    if _blank(value):
        return empty, []
    if isinstance(value, str):
        try:
            return json.loads(value), []
        except json.JSONDecodeError as exc:
            return empty, [_("Not valid JSON: %(reason)s.") % {"reason": exc.msg}]
    return value, []


def _whole(value: Any) -> int | None:
    """A whole number from an int or a text of ASCII digits ("12"); None otherwise."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and WHOLE_RE.match(value.strip()):
        return int(value.strip())
    return None


def _flag(value: Any, *, default: bool) -> bool | None:
    """yes/no from a bool or a word; None when it is neither."""
    if isinstance(value, bool):
        return value
    if _blank(value):
        return default
    word = clean_line(str(value)).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def _item_text(item: dict[str, Any], key: str, limit: int) -> tuple[str, bool]:
    """(text, ok) of one key of a list item."""
    text = _as_text(item.get(key))
    if text is None or len(text) > limit:
        return "", False
    return text, True


def _list_of_objects(value: Any) -> tuple[list[Any], list[str]]:
    if not isinstance(value, list):
        return [], [_("Must be a JSON list.")]
    if len(value) > MAX_ITEMS:
        return [], [_("At most %(max)d items.") % {"max": MAX_ITEMS}]
    return value, []


def fees_clean(value: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """[{"label", "label_en", "amount"}]: amounts in đồng, whole numbers, 0 or more."""
    value, problems = _json_value(value, empty=[])
    items, more = _list_of_objects(value) if not problems else ([], [])
    problems += more
    clean: list[dict[str, Any]] = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(_("Fee %(n)d: must be an object.") % {"n": n})
            continue
        for key in sorted(set(item) - FEE_KEYS):
            problems.append(_("Fee %(n)d: unknown key “%(key)s”.") % {"n": n, "key": key})
        label, ok = _item_text(item, "label", 200)
        if not label or not ok:
            problems.append(_("Fee %(n)d: a label (up to 200 characters) is required.") % {"n": n})
        label_en, ok = _item_text(item, "label_en", 200)
        if not ok:
            problems.append(_("Fee %(n)d: the English label must be text.") % {"n": n})
        amount = _whole(item.get("amount"))
        if amount is None or not 0 <= amount <= MAX_FEE:
            problems.append(
                _("Fee %(n)d: the amount must be a whole number of đồng, 0 or more.") % {"n": n}
            )
            continue
        fee: dict[str, Any] = {"label": label, "amount": amount}
        if label_en:
            fee["label_en"] = label_en
        clean.append(fee)
    return clean, problems


def steps_clean(value: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """[{"text", "text_en"}] in order. In a CSV cell also one step per line (no JSON)."""
    if isinstance(value, str) and value.strip() and not value.lstrip().startswith("["):
        value = [{"text": line} for line in value.splitlines() if line.strip()]
    value, problems = _json_value(value, empty=[])
    items, more = _list_of_objects(value) if not problems else ([], [])
    problems += more
    clean: list[dict[str, Any]] = []
    for n, item in enumerate(items, start=1):
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict):
            problems.append(_("Step %(n)d: must be an object or a text.") % {"n": n})
            continue
        for key in sorted(set(item) - STEP_KEYS):
            problems.append(_("Step %(n)d: unknown key “%(key)s”.") % {"n": n, "key": key})
        text, ok = _item_text(item, "text", 2000)
        if not text or not ok:
            problems.append(_("Step %(n)d: a text (up to 2000 characters) is required.") % {"n": n})
        text_en, ok = _item_text(item, "text_en", 2000)
        if not ok:
            problems.append(_("Step %(n)d: the English text must be text.") % {"n": n})
        step = {"text": text}
        if text_en:
            step["text_en"] = text_en
        clean.append(step)
    return clean, problems


def _template_ok(url: str) -> bool:
    if url.startswith("/") and not url.startswith("//"):
        return " " not in url and "\\" not in url
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return True


def documents_clean(value: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """[{"code", "name", "name_en", "copies", "required", "template"}]: one file slot each."""
    value, problems = _json_value(value, empty=[])
    items, more = _list_of_objects(value) if not problems else ([], [])
    problems += more
    clean: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(_("Document %(n)d: must be an object.") % {"n": n})
            continue
        for key in sorted(set(item) - DOCUMENT_KEYS):
            problems.append(_("Document %(n)d: unknown key “%(key)s”.") % {"n": n, "key": key})
        code, _ok = _item_text(item, "code", 40)
        if not DOCUMENT_CODE_RE.match(code):
            problems.append(
                _(
                    "Document %(n)d: the code must be lower-case letters, digits, “-” or “_” "
                    "(for example “birth_certificate”)."
                )
                % {"n": n}
            )
        elif code in seen:
            problems.append(
                _("Document %(n)d: the code “%(code)s” is used twice.") % {"n": n, "code": code}
            )
        seen.add(code)
        name, ok = _item_text(item, "name", 500)
        if not name or not ok:
            problems.append(
                _("Document %(n)d: a name (up to 500 characters) is required.") % {"n": n}
            )
        name_en, ok_en = _item_text(item, "name_en", 500)
        copies, ok_copies = _item_text(item, "copies", 200)
        if not ok_en or not ok_copies:
            problems.append(
                _("Document %(n)d: the English name and the copies note must be text.") % {"n": n}
            )
        required = _flag(item.get("required"), default=True)
        if required is None:
            problems.append(_("Document %(n)d: “required” must be true or false.") % {"n": n})
        template, ok = _item_text(item, "template", 500)
        if not ok or (template and not _template_ok(template)):
            problems.append(
                _(
                    "Document %(n)d: the template must be a web address (https://…) or a path "
                    "on this site (/static/…)."
                )
                % {"n": n}
            )
        document: dict[str, Any] = {"code": code, "name": name}
        if name_en:
            document["name_en"] = name_en
        document["copies"] = copies
        document["required"] = bool(required)
        if template:
            document["template"] = template
        clean.append(document)
    return clean, problems


def _schema_check(schema: dict[str, Any]) -> list[str]:
    """The form engine's check (dossiers/formschema, docs/dossiers.md)."""
    from openprovince.dossiers.formschema import schema_check

    return [str(message) for message in schema_check(schema)]


def form_schema_clean(value: Any) -> tuple[dict[str, Any], list[str]]:
    """The procedure's form (docs/dossiers.md); an empty object means no questions."""
    value, problems = _json_value(value, empty={})
    if problems:
        return {}, problems
    if not isinstance(value, dict):
        return {}, [_("The form must be a JSON object with a “fields” list.")]
    if not value:
        return {}, []
    problems = _schema_check(value)
    return (value if not problems else {}), problems


def _codes(value: Any) -> list[str] | None:
    """Codes from a list or a `;`-separated text; None when neither."""
    if _blank(value):
        return []
    if isinstance(value, str):
        return [clean_line(p) for p in value.split(";") if p.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [clean_line(v) for v in value if v.strip()]
    return None


def procedure_record_clean(raw: dict[str, Any]) -> tuple[CleanProcedure | None, FieldProblems]:
    """Check one record's own fields."""
    problems = FieldProblems()
    for name in sorted(set(raw) - set(FIELDS)):
        problems.add(name, _("Unknown column."))
    texts: dict[str, str] = {}
    for name, limit in TEXT_LIMITS.items():
        text = _as_text(raw.get(name), multiline=name in MULTILINE)
        if text is None:
            problems.add(name, _("Must be text."))
            text = ""
        if len(text) > limit:
            problems.add(
                name,
                _("At most %(limit)d characters (got %(length)d).")
                % {"limit": limit, "length": len(text)},
            )
        texts[name] = text
    if not texts["code"]:
        problems.add("code", _("Required."))
    elif not CODE_RE.match(texts["code"]):
        problems.add(
            "code",
            _(
                "Use a national code such as 1.001193, optionally with a local suffix "
                "(1.001193.H56)."
            ),
        )
    for name in ("name", "field"):
        if not texts[name]:
            problems.add(name, _("Required."))
    agency_types = _codes(raw.get("agency_types"))
    if agency_types is None:
        problems.add("agency_types", _("Must be a list of codes or codes separated by “;”."))
    if not texts["agency"] and not agency_types:
        problems.add(
            "agency",
            _("Give the competent agency (agency) or the types of agency (agency_types)."),
        )
    level = texts["online_level"] or "full"
    if level not in ONLINE_LEVELS:
        problems.add(
            "online_level", _("Must be “full” (fully online) or “partial” (partly online).")
        )
    days = _whole(raw.get("processing_days")) or 0
    if not 1 <= days <= MAX_PROCESSING_DAYS:
        problems.add(
            "processing_days",
            _("Must be a whole number of working days, from 1 to %(max)d.")
            % {"max": MAX_PROCESSING_DAYS},
        )
    life_events = _codes(raw.get("life_events"))
    if life_events is None:
        problems.add("life_events", _("Must be a list of codes or codes separated by “;”."))
    is_active = _flag(raw.get("is_active"), default=True)
    if is_active is None:
        problems.add("is_active", _("Must be yes or no (1 or 0)."))
    fees, messages = fees_clean(raw.get("fees"))
    problems.extend("fees", messages)
    steps, messages = steps_clean(raw.get("steps"))
    problems.extend("steps", messages)
    documents, messages = documents_clean(raw.get("documents"))
    problems.extend("documents", messages)
    form_schema, messages = form_schema_clean(raw.get("form_schema"))
    problems.extend("form_schema", messages)
    if problems:
        return None, problems
    return (
        CleanProcedure(
            code=texts["code"],
            name=texts["name"],
            name_en=texts["name_en"],
            field=texts["field"],
            life_events=list(dict.fromkeys(life_events or [])),
            agency=texts["agency"],
            agency_types=list(dict.fromkeys(agency_types or [])),
            online_level=level,
            processing_days=days,
            fees=fees,
            legal_basis=texts["legal_basis"],
            result_type=texts["result_type"],
            steps=steps,
            documents=documents,
            form_schema=form_schema,
            description=texts["description"],
            keywords=texts["keywords"],
            is_active=bool(is_active),
        ),
        problems,
    )
