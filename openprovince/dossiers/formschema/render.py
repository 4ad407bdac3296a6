"""The render model: what `templates/dossiers/formschema/` iterates to draw a form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.forms.utils import flatatt
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from openprovince.accounts.phone import phone_display
from openprovince.core.uploads import DOCUMENT
from openprovince.core.uploads.kinds import MB

from .address import STREET_MAX_LENGTH, communes_active
from .clean import ADD_ROW, MAX_FILES_PER_SLOT, document_name, field_name
from .schema import group_bounds, localised, max_length, schema_fields
from .validators import EMAIL_MAX_LENGTH, date_bound, number_show

_TEMPLATES = "dossiers/formschema/_field_%s.html"
# Browser hints only (the server decides). Written to work with both the `u` and `v` flags
# browsers compile `pattern` with.
CCCD_PATTERN = r"\s*(\d\s*){12}"
DECIMAL_PATTERN = r"\s*-?\s*[0-9][0-9\s.,]*"
_ACCEPT = {
    "pdf": ".pdf,application/pdf",
    "jpeg": ".jpg,.jpeg,image/jpeg",
    "png": ".png,image/png",
    "webp": ".webp,image/webp",
    "heic": ".heic,.heif,image/heic,image/heif",
}
_TYPE_LABELS = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG", "webp": "WebP", "heic": "HEIC"}


@dataclass
class Option:
    key: str
    label: str
    selected: bool = False


@dataclass
class ErrorItem:
    """One line of the error summary: a link to the input and the message."""

    id: str
    label: str
    message: str


@dataclass
class Row:
    """One row of a group: `number` counts from 1 for people, `index` from 0 in input names."""

    index: int
    legend: str
    fields: list[Field]

    @property
    def number(self) -> int:
        return self.index + 1


@dataclass
class Field:
    """One question. Inputs use `input_attrs` (name, id, aria and browser-validation attributes,
    escaped); an address has two `parts` (commune select, street input) under one fieldset; a
    group has `rows` of fields and an "add a row" submit button (`add_name`/`add_value`)."""

    code: str
    type: str
    name: str
    label: str
    help: str = ""
    hint: str = ""
    required: bool = False
    value: str = ""
    errors: list[str] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)
    options: list[Option] = field(default_factory=list)
    parts: list[Field] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    min_rows: int = 0
    max_rows: int = 0
    add_name: str = ADD_ROW

    @property
    def id(self) -> str:
        return self.name

    @property
    def template(self) -> str:
        return _TEMPLATES % self.type

    @property
    def help_id(self) -> str:
        return f"{self.id}-help" if self.help or self.hint else ""

    @property
    def error_id(self) -> str:
        return f"{self.id}-err" if self.errors else ""

    @property
    def describedby(self) -> str:
        return " ".join(i for i in (self.error_id, self.help_id) if i)

    @property
    def input_attrs(self) -> SafeString:
        attrs: dict[str, Any] = {"id": self.id, "name": self.name, **self.attrs}
        if self.describedby:
            attrs["aria-describedby"] = self.describedby
        if self.errors:
            attrs["aria-invalid"] = "true"
        return flatatt(attrs)

    @property
    def add_value(self) -> str:
        return self.code

    @property
    def can_add(self) -> bool:
        return self.type == "group" and len(self.rows) < self.max_rows

    @property
    def error_items(self) -> list[ErrorItem]:
        items = [ErrorItem(self.id, self.label, e) for e in self.errors]
        for part in self.parts:
            items += [ErrorItem(part.id, f"{self.label}, {part.label}", e) for e in part.errors]
        for row in self.rows:
            for inner in row.fields:
                for item in inner.error_items:
                    items.append(ErrorItem(item.id, f"{row.legend}: {item.label}", item.message))
        return items


class FormFields(list[Field]):
    """The fields of a form, in order; `error_items` lists every error for the summary."""

    @property
    def error_items(self) -> list[ErrorItem]:
        return [item for f in self for item in f.error_items]


@dataclass
class DocumentSlot:
    """One required-documents entry as a file input (`doc_<code>`, several files allowed)."""

    code: str
    name: str
    label: str
    copies: str
    required: bool
    template_url: str
    errors: list[str]
    accept: str
    max_files: int = MAX_FILES_PER_SLOT

    @property
    def id(self) -> str:
        return self.name

    @property
    def error_id(self) -> str:
        return f"{self.id}-err" if self.errors else ""

    @property
    def help_id(self) -> str:
        return f"{self.id}-help" if self.copies or self.template_url else ""

    @property
    def describedby(self) -> str:
        return " ".join(i for i in (self.error_id, self.help_id, "doc-limits") if i)


class DocumentSlots(list[DocumentSlot]):
    @property
    def error_items(self) -> list[ErrorItem]:
        return [ErrorItem(s.id, s.label, e) for s in self for e in s.errors]

    @property
    def limits(self) -> str:
        """The note of accepted types and sizes shown once above the slots."""
        types = [t for t in _TYPE_LABELS if t in DOCUMENT.allowed]
        return _(
            "Accepted files: %(types)s, at most %(size)s MB each, up to %(count)s files for "
            "each document. A clear photo taken with your phone is fine."
        ) % {
            "types": ", ".join(_TYPE_LABELS[t] for t in types),
            "size": f"{DOCUMENT.max_bytes / MB:g}",
            "count": MAX_FILES_PER_SLOT,
        }


def form_fields(
    schema: dict[str, Any],
    *,
    answers: dict[str, Any] | None,
    errors: dict[str, list[str]] | None,
    group_rows: dict[str, int] | None = None,
) -> FormFields:
    """The render model of a form. `answers`: stored answers (a draft, `answers_initial`) or
    `CleanForm.values` after a refused post; `errors`: `CleanForm.errors`; `group_rows`: rows
    to show per group (`group_rows_from` after an "add a row" press)."""
    answers, errors, group_rows = answers or {}, errors or {}, group_rows or {}
    builder = _Builder(errors)
    out = FormFields()
    for spec in schema_fields(schema):
        code = spec["code"]
        if spec["type"] == "group":
            out.append(builder.group(spec, answers.get(code), group_rows.get(code, 0)))
        else:
            out.append(builder.field(spec, field_name(code), answers.get(code)))
    return out


def document_slots(
    documents: list[dict[str, Any]], *, errors: dict[str, list[str]] | None = None
) -> DocumentSlots:
    """File inputs for a procedure's `documents`, with their errors from `CleanForm.errors`."""
    errors = errors or {}
    accept = ",".join(_ACCEPT[t] for t in _ACCEPT if t in DOCUMENT.allowed)
    slots = DocumentSlots()
    for doc in documents or []:
        code = str(doc.get("code") or "")
        if not code:
            continue
        name = document_name(code)
        slots.append(
            DocumentSlot(
                code=code,
                name=name,
                label=localised(doc, "name") or code,
                copies=str(doc.get("copies") or ""),
                required=bool(doc.get("required")),
                template_url=_safe_url(str(doc.get("template") or "")),
                errors=list(errors.get(name, [])),
                accept=accept,
            )
        )
    return slots


def _safe_url(url: str) -> str:
    """A blank form's link: a site path or an http(s) address, nothing else (no `javascript:`)."""
    if url.startswith("/") and not url.startswith("//"):
        return url
    return url if url.startswith(("https://", "http://")) else ""


class _Builder:
    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        self._communes: list[tuple[str, str]] | None = None

    def communes(self) -> list[tuple[str, str]]:
        if self._communes is None:
            self._communes = communes_active()
        return self._communes

    def field(
        self, spec: dict[str, Any], name: str, value: Any, *, html_required: bool = True
    ) -> Field:
        kind = spec["type"]
        required = bool(spec.get("required"))
        made = Field(
            code=spec["code"],
            type=kind,
            name=name,
            label=localised(spec, "label") or spec["code"],
            help=localised(spec, "help"),
            hint=_hint(spec),
            required=required,
            errors=list(self.errors.get(name, [])),
        )
        if kind == "address":
            made.parts = self._address_parts(made, value, required and html_required)
            return made
        made.value = _shown(spec, value)
        made.attrs = _attrs(spec, required=required and html_required)
        if kind == "select":
            made.options = [
                Option(str(o.get("key")), localised(o, "label"), str(o.get("key")) == made.value)
                for o in spec.get("options", [])
            ]
        return made

    def _address_parts(self, parent: Field, value: Any, required: bool) -> list[Field]:
        value = value if isinstance(value, dict) else {}
        chosen = str(value.get("commune") or "")
        commune = Field(
            code="commune",
            type="select",
            name=f"{parent.name}__commune",
            label=_("Commune or ward"),
            required=parent.required,
            value=chosen,
            errors=list(self.errors.get(f"{parent.name}__commune", [])),
            attrs={"required": required, "autocomplete": "off"},
            options=[Option(code, label, code == chosen) for code, label in self.communes()],
        )
        street = Field(
            code="street",
            type="text",
            name=f"{parent.name}__street",
            label=_("House number, street, hamlet"),
            hint=_("For example: 12 Nguyễn Trãi, khu phố 3"),
            required=parent.required,
            value=str(value.get("street") or ""),
            errors=list(self.errors.get(f"{parent.name}__street", [])),
            attrs={
                "type": "text",
                "maxlength": STREET_MAX_LENGTH,
                "autocomplete": "address-line1",
                "required": required,
            },
        )
        return [commune, street]

    def group(self, spec: dict[str, Any], value: Any, wanted_rows: int) -> Field:
        code = spec["code"]
        low, high = group_bounds(spec)
        rows_in = (
            [r if isinstance(r, dict) else {} for r in value or []]
            if isinstance(value, list)
            else []
        )
        count = max(len(rows_in), wanted_rows, low, 1)
        label = localised(spec, "label") or code
        group = Field(
            code=code,
            type="group",
            name=field_name(code),
            label=label,
            help=localised(spec, "help"),
            hint=_group_hint(low, high),
            required=low > 0,
            errors=list(self.errors.get(field_name(code), [])),
            min_rows=low,
            max_rows=high,
        )
        for index in range(count):
            row_value = rows_in[index] if index < len(rows_in) else {}
            fields = [
                self.field(
                    inner,
                    field_name(inner["code"], group=code, row=index),
                    row_value.get(inner["code"]),
                    html_required=index < low,  # extra rows may be left empty
                )
                for inner in spec["fields"]
            ]
            group.rows.append(Row(index=index, legend=f"{label} {index + 1}", fields=fields))
        return group


def _shown(spec: dict[str, Any], value: Any) -> str:
    """A stored answer (or a typed value sent back) as the input's text."""
    if value is None:
        return ""
    kind = spec["type"]
    if kind == "phone" and isinstance(value, str) and value.startswith("+84"):
        return phone_display(value)
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if spec.get("integer") else number_show(value)
    return str(value)


def _attrs(spec: dict[str, Any], *, required: bool) -> dict[str, Any]:
    kind = spec["type"]
    attrs: dict[str, Any] = {"required": required}
    if kind == "text":
        attrs |= {"type": "text", "maxlength": max_length(spec)}
        if spec.get("prefill") == "display_name":
            attrs["autocomplete"] = "name"
    elif kind == "textarea":
        attrs |= {"maxlength": max_length(spec), "rows": 4}
    elif kind == "number":
        if spec.get("integer"):
            attrs |= {"type": "number", "inputmode": "numeric", "step": 1}
            for key in ("min", "max"):
                if key in spec:
                    attrs[key] = number_show(spec[key]).replace(",", ".")
        else:
            attrs |= {"type": "text", "inputmode": "decimal", "pattern": DECIMAL_PATTERN}
    elif kind == "date":
        attrs["type"] = "date"  # browsers without a date picker show text: dd/mm/yyyy is accepted
        for key in ("min", "max"):
            if key in spec:
                attrs[key] = date_bound(spec[key]).isoformat()
    elif kind == "cccd":
        attrs |= {
            "type": "text",
            "inputmode": "numeric",
            "pattern": CCCD_PATTERN,
            "maxlength": 20,
            "autocomplete": "off",
        }
    elif kind == "phone":
        attrs |= {"type": "tel", "inputmode": "tel", "autocomplete": "tel", "maxlength": 20}
    elif kind == "email":
        attrs |= {"type": "email", "autocomplete": "email", "maxlength": EMAIL_MAX_LENGTH}
    return attrs


def _hint(spec: dict[str, Any]) -> str:
    kind = spec["type"]
    if kind == "date":
        return _("Day/month/year, for example 25/12/1990.")
    if kind == "cccd":
        return _("The 12 digits on the front of the citizen identity card.")
    if kind == "phone":
        return _("For example 0912 345 678.")
    if kind == "number" and not spec.get("integer"):
        return _("A decimal comma is fine, for example 1,5.")
    return ""


def _group_hint(low: int, high: int) -> str:
    if low > 0:
        return _("At least %(min)s, at most %(max)s. Leave a row empty to leave it out.") % {
            "min": low,
            "max": high,
        }
    return _("At most %(max)s. Leave a row empty to leave it out.") % {"max": high}
