"""Checking one agency record (from a form, a CSV row or a JSON object)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from openprovince.core.geo import GeometryError, parse_area, valid_point
from openprovince.core.text import clean_line, strip_invisible

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
PHONE_RE = re.compile(r"^[0-9 +().\-/,;]{3,40}$")
# Fields an agency record carries besides its place in the tree (code, parent, type).
RECORD_FIELDS = (
    "name",
    "name_en",
    "phone",
    "email",
    "address",
    "opening_hours",
    "website",
    "description",
    "lat",
    "lng",
    "boundary",
    "is_active",
)
# Columns of the import/export formats, in file order.
FIELDS = ("code", "parent_code", "type", *RECORD_FIELDS)
MAX_LENGTHS = {
    "name": 200,
    "name_en": 200,
    "phone": 40,
    "email": 254,
    "address": 300,
    "opening_hours": 300,
    "website": 200,
    "description": 5000,
}
TRUE_WORDS = {"1", "true", "yes", "co", "có", "x"}
FALSE_WORDS = {"0", "false", "no", "khong", "không", ""}


@dataclass
class CleanAgency:
    code: str
    parent_code: str
    type: str
    name: str
    name_en: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    opening_hours: str = ""
    website: str = ""
    description: str = ""
    lat: float | None = None
    lng: float | None = None
    boundary: dict[str, Any] | None = None
    is_active: bool = True


@dataclass
class FieldProblems:
    """Messages per field for one record; empty means the record is valid."""

    by_field: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.by_field)


def _text(
    raw: dict[str, Any], name: str, problems: FieldProblems, *, multiline: bool = False
) -> str:
    value = raw.get(name)
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        problems.add(name, _("Must be text."))
        return ""
    text = str(value)
    text = strip_invisible(text, keep_newlines=True).strip() if multiline else clean_line(text)
    limit = MAX_LENGTHS.get(name)
    if limit and len(text) > limit:
        problems.add(
            name,
            _("At most %(limit)d characters (got %(length)d).")
            % {"limit": limit, "length": len(text)},
        )
    return text


def _coordinate(raw: dict[str, Any], name: str, problems: FieldProblems) -> float | None:
    value = raw.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        problems.add(name, _("Must be a number such as 11.3101."))
        return None


def _boundary(raw: dict[str, Any], problems: FieldProblems) -> dict[str, Any] | None:
    value = raw.get("boundary")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        parse_area(value)
    except GeometryError as exc:
        problems.add("boundary", _("Not a valid GeoJSON polygon: %(reason)s") % {"reason": exc})
        return None
    data = json.loads(value) if isinstance(value, str) else value
    return data.get("geometry") if data.get("type") == "Feature" else data


def _active(raw: dict[str, Any], problems: FieldProblems) -> bool:
    value = raw.get("is_active", True)
    if isinstance(value, bool):
        return value
    word = clean_line(str(value)).lower()
    if word in TRUE_WORDS or (word == "" and "is_active" not in raw):
        return True
    if word in FALSE_WORDS:
        return False
    problems.add("is_active", _("Must be yes or no (1 or 0)."))
    return True


def agency_record_clean(raw: dict[str, Any]) -> tuple[CleanAgency | None, FieldProblems]:
    """Check one record's own fields. Cross-record checks (parent exists, cycles, duplicate
    codes) belong to the importer, which sees the whole file."""
    problems = FieldProblems()
    unknown = sorted(set(raw) - set(FIELDS))
    for name in unknown:
        problems.add(name, _("Unknown column."))
    code = _text(raw, "code", problems)
    if not code:
        problems.add("code", _("Required."))
    elif not CODE_RE.match(code):
        problems.add("code", _("Use 1–40 letters, digits, dots, dashes or underscores."))
    parent_code = _text(raw, "parent_code", problems)
    if parent_code and parent_code == code:
        problems.add("parent_code", _("An agency cannot be its own parent."))
    type_code = _text(raw, "type", problems)
    if not type_code:
        problems.add("type", _("Required."))
    name = _text(raw, "name", problems)
    if not name:
        problems.add("name", _("Required."))
    phone = _text(raw, "phone", problems)
    if phone and (not PHONE_RE.match(phone) or sum(c.isdigit() for c in phone) < 3):
        problems.add("phone", _("Not a phone number."))
    email = _text(raw, "email", problems)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.add("email", _("Not an e-mail address."))
    website = _text(raw, "website", problems)
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            problems.add("website", _("Not a web address (it must start with https://)."))
    lat = _coordinate(raw, "lat", problems)
    lng = _coordinate(raw, "lng", problems)
    if (lat is None) != (lng is None):
        problems.add("lat", _("Give both latitude and longitude, or neither."))
    elif lat is not None and lng is not None and not valid_point(lat, lng):
        problems.add("lat", _("Latitude must be within ±90 and longitude within ±180."))
    record = CleanAgency(
        code=code,
        parent_code=parent_code,
        type=type_code,
        name=name,
        name_en=_text(raw, "name_en", problems),
        phone=phone,
        email=email,
        address=_text(raw, "address", problems),
        opening_hours=_text(raw, "opening_hours", problems),
        website=website,
        description=_text(raw, "description", problems, multiline=True),
        lat=lat,
        lng=lng,
        boundary=_boundary(raw, problems),
        is_active=_active(raw, problems),
    )
    return (None if problems else record), problems
