"""`answers_clean`: a posted form (fields and files) in, answers in their JSON shapes out."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openprovince.core.errors import AppError
from openprovince.core.text import clean_line, strip_invisible
from openprovince.core.uploads import DOCUMENT, ProcessedUpload, clean_original_name, upload_process

from . import validators as v
from .address import STREET_MAX_LENGTH, communes_existing
from .schema import group_bounds, max_length, schema_fields

MAX_FILES_PER_SLOT = 5
ROW_INDEX_LIMIT = 100  # row numbers at or above this in a post are ignored
ADD_ROW = "add_row"  # name of the "add a row" submit button; its value is the group's code
_MISSING = object()

Getter = Callable[[str], str]


@dataclass
class CleanForm:
    """What `answers_clean` found.

    answers: the valid answers, exactly the shapes of docs/dossiers.md; unanswered fields are
        absent, a group's entirely empty rows are dropped.
    values: what to show again when the form is sent back: the answer where the value was
        valid, what was typed where it was not; groups keep every posted row in place so that
        row numbers still match `errors`. Pass it to `form_fields(answers=...)`.
    files: document slot code → processed uploads (not stored yet: `upload_save` is the caller's).
    errors: input name (`f_…`, `doc_…`) → translated messages.
    """

    answers: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    files: dict[str, list[ProcessedUpload]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def field_name(code: str, *, group: str | None = None, row: int | None = None) -> str:
    """Input name of a field: `f_<code>`, or `f_<group>__<row>__<code>` in a group's row."""
    if group is None:
        return f"f_{code}"
    return f"f_{group}__{row}__{code}"


def document_name(code: str) -> str:
    return f"doc_{code}"


def answers_clean(
    schema: dict[str, Any],
    data: Mapping[str, Any],
    *,
    documents: list[dict[str, Any]],
    files: MultiValueDict[str, Any] | None,
    require_documents: bool = True,
) -> CleanForm:
    """Check a posted form against its schema and the procedure's documents.

    `data` is `request.POST` (or a plain dict of input name → value); `files` is
    `request.FILES` (anything with `getlist`) or None. Each file goes through the upload
    pipeline as a DOCUMENT; a refused file is an error on its slot that names the file.
    `require_documents=False` skips the "at least one file" rule (a draft, or files kept from
    an earlier attempt, which the caller checks itself).
    """
    get = _getter(data)
    form = CleanForm()
    communes = communes_existing(_commune_code(get(key)) for key in _commune_inputs(schema, data))
    for spec in schema_fields(schema):
        code = spec["code"]
        if spec["type"] == "group":
            answer, shown = _group_clean(spec, data, get, communes, form.errors)
        else:
            answer, shown = _field_clean(spec, field_name(code), get, communes, form.errors)
        form.values[code] = shown
        if answer is not _MISSING:
            form.answers[code] = answer
    _documents_clean(form, documents, files, require_documents=require_documents)
    return form


def group_rows_from(data: Mapping[str, Any], schema: dict[str, Any]) -> dict[str, int]:
    """Rows to show for each group of a posted form: the rows posted (at least the group's
    minimum, and one), plus one for the group named by the `add_row` button, up to its max."""
    get = _getter(data)
    rows: dict[str, int] = {}
    for spec in schema_fields(schema):
        if spec["type"] != "group":
            continue
        code = spec["code"]
        low, high = group_bounds(spec)
        indices = _row_indices(data, code)
        count = max((indices[-1] + 1) if indices else 0, low, 1)
        if get(ADD_ROW) == code and count < high:
            count += 1
        rows[code] = count
    return rows


# --- one field ----------------------------------------------------------------------------
def _blank(raw: str) -> bool:
    return not strip_invisible(raw).strip()


def _required_message() -> str:
    return _("Please fill this in.")


def _field_clean(
    spec: dict[str, Any],
    name: str,
    get: Getter,
    communes: set[str],
    errors: dict[str, list[str]],
    *,
    required: bool | None = None,
) -> tuple[Any, Any]:
    """(answer or _MISSING, value to show again) of one non-group field."""
    required = bool(spec.get("required")) if required is None else required
    if spec["type"] == "address":
        return _address_clean(spec, name, get, communes, errors, required=required)
    raw = get(name)
    if _blank(raw):
        if required:
            message = _("Please choose one.") if spec["type"] == "select" else _required_message()
            errors[name] = [message]
        return _MISSING, ""
    try:
        answer = _value_clean(spec, raw)
    except v.Invalid as problem:
        errors[name] = [problem.message]
        return _MISSING, raw
    return answer, answer


def _value_clean(spec: dict[str, Any], raw: str) -> Any:
    kind = spec["type"]
    if kind in ("text", "textarea"):
        return v.text_clean(raw, max_length=max_length(spec), multiline=kind == "textarea")
    if kind == "number":
        return v.number_clean(
            raw, integer=bool(spec.get("integer")), min=spec.get("min"), max=spec.get("max")
        )
    if kind == "date":
        return v.date_clean(raw, min=spec.get("min"), max=spec.get("max"))
    if kind == "select":
        key = clean_line(raw)
        if key not in {str(o.get("key")) for o in spec.get("options", [])}:
            raise v.Invalid(_("Choose one of the options."))
        return key
    if kind == "cccd":
        return v.cccd_clean(raw)
    if kind == "phone":
        return v.phone_clean(raw)
    if kind == "email":
        return v.email_clean(raw)
    raise ValueError(f"unknown field type {kind!r}: run schema_check on the schema")


def _address_clean(
    spec: dict[str, Any],
    name: str,
    get: Getter,
    communes: set[str],
    errors: dict[str, list[str]],
    *,
    required: bool,
) -> tuple[Any, Any]:
    commune_name, street_name = f"{name}__commune", f"{name}__street"
    commune, street_raw = _commune_code(get(commune_name)), get(street_name)
    shown = {"commune": commune, "street": street_raw}
    if not commune and _blank(street_raw):
        if required:
            errors[commune_name] = [_("Choose your commune or ward.")]
            errors[street_name] = [_("Type the house number and street, or the hamlet.")]
        return _MISSING, shown
    ok = True
    if not commune:
        errors[commune_name] = [_("Choose your commune or ward.")]
        ok = False
    elif commune not in communes:
        errors[commune_name] = [_("This commune or ward is not in the list: choose it again.")]
        ok = False
    try:
        street = v.text_clean(street_raw, max_length=STREET_MAX_LENGTH)
    except v.Invalid as problem:
        errors[street_name] = [problem.message]
        return _MISSING, shown
    shown["street"] = street
    if required and not street:
        errors[street_name] = [_("Type the house number and street, or the hamlet.")]
        ok = False
    return ({"commune": commune, "street": street} if ok else _MISSING), shown


# --- groups -------------------------------------------------------------------------------
def _group_clean(
    spec: dict[str, Any],
    data: Mapping[str, Any],
    get: Getter,
    communes: set[str],
    errors: dict[str, list[str]],
) -> tuple[Any, Any]:
    code = spec["code"]
    low, high = group_bounds(spec)
    indices = _row_indices(data, code)
    shown: list[dict[str, Any]] = [{} for _ in range((indices[-1] + 1) if indices else 0)]
    rows: list[dict[str, Any]] = []
    for index in indices:
        inner = [(f, field_name(f["code"], group=code, row=index)) for f in spec["fields"]]
        if all(_row_field_blank(f, name, get) for f, name in inner):
            continue  # an entirely empty row is dropped
        row: dict[str, Any] = {}
        for f, name in inner:
            answer, shown[index][f["code"]] = _field_clean(f, name, get, communes, errors)
            if answer is not _MISSING:
                row[f["code"]] = answer
        rows.append(row)
    group = field_name(code)
    if len(rows) < low:
        errors[group] = [
            ngettext("Fill in at least %(count)s row.", "Fill in at least %(count)s rows.", low)
            % {"count": low}
        ]
    elif len(rows) > high:
        errors[group] = [
            ngettext("At most %(count)s row.", "At most %(count)s rows.", high) % {"count": high}
        ]
    return (rows if rows else _MISSING), shown


def _row_field_blank(spec: dict[str, Any], name: str, get: Getter) -> bool:
    if spec["type"] == "address":
        return _blank(get(f"{name}__commune")) and _blank(get(f"{name}__street"))
    return _blank(get(name))


def _row_indices(data: Mapping[str, Any], group: str) -> list[int]:
    """Row numbers posted for a group, sorted (gaps allowed: a script may remove rows)."""
    pattern = re.compile(rf"^f_{re.escape(group)}__(\d{{1,3}})__[a-z]", re.ASCII)
    found = set()
    for key in _keys(data):
        if (m := pattern.match(key)) and int(m.group(1)) < ROW_INDEX_LIMIT:
            found.add(int(m.group(1)))
    return sorted(found)


# --- files --------------------------------------------------------------------------------
def _documents_clean(
    form: CleanForm,
    documents: list[dict[str, Any]],
    files: MultiValueDict[str, Any] | None,
    *,
    require_documents: bool,
) -> None:
    for slot in documents or []:
        code = str(slot.get("code") or "")
        if not code:
            continue
        name = document_name(code)
        uploads = [f for f in (files.getlist(name) if files else []) if getattr(f, "name", "")]
        if len(uploads) > MAX_FILES_PER_SLOT:
            form.errors[name] = [
                ngettext(
                    "At most %(count)s file for one document.",
                    "At most %(count)s files for one document.",
                    MAX_FILES_PER_SLOT,
                )
                % {"count": MAX_FILES_PER_SLOT}
            ]
            continue
        processed, problems = [], []
        for upload in uploads:
            try:
                processed.append(upload_process(data=upload, filename=upload.name, kind=DOCUMENT))
            except AppError as problem:
                problems.append(
                    _("%(file)s: %(problem)s")
                    % {"file": clean_original_name(upload.name), "problem": problem.message}
                )
        if processed:
            form.files[code] = processed
        if problems:
            form.errors[name] = problems
        elif not processed and slot.get("required") and require_documents:
            form.errors[name] = [_("Attach at least one file for this document.")]


# --- reading the post ---------------------------------------------------------------------
def _commune_inputs(schema: dict[str, Any], data: Mapping[str, Any]) -> list[str]:
    """Posted names of the schema's commune pickers (not any key that looks like one)."""
    top, inner = set(), set()
    for spec in schema_fields(schema):
        if spec["type"] == "address":
            top.add(spec["code"])
        elif spec["type"] == "group":
            inner |= {(spec["code"], f["code"]) for f in spec["fields"] if f["type"] == "address"}
    found = []
    for key in _keys(data):
        parts = key[2:].split("__") if key.startswith("f_") and key.endswith("__commune") else []
        if (len(parts) == 2 and parts[0] in top) or (
            len(parts) == 4
            and (parts[0], parts[2]) in inner
            and parts[1].isdigit()
            and int(parts[1]) < ROW_INDEX_LIMIT
        ):
            found.append(key)
    return found


def _commune_code(raw: str) -> str:
    return clean_line(raw)[:40]  # Agency.code is at most 40 characters


def _keys(data: Mapping[str, Any]) -> list[str]:
    return [k for k in data if isinstance(k, str)]


def _getter(data: Mapping[str, Any]) -> Getter:
    def get(name: str) -> str:
        value = data.get(name, "")
        if isinstance(value, list | tuple):
            value = value[-1] if value else ""
        if value is None:
            return ""
        return value if isinstance(value, str) else str(value)

    return get
