"""What every data import reports (agencies, procedures, …): per-row errors, and counts.
An import writes nothing unless every row is good (each importer's transaction)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, fields
from typing import Any

from django.utils.translation import gettext as _

from .errors import AppError


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based data row (CSV: the header is row 0) or index in the JSON list + 1
    code: str
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "code": self.code, "field": self.field, "message": self.message}


@dataclass
class ImportReport:
    """Subclass to add counters (integers); `as_dict` includes them."""

    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_problems(self, row: int, code: str, by_field: dict[str, list[str]]) -> None:
        for name, messages in by_field.items():
            for message in messages:
                self.errors.append(RowError(row, code, name, message))

    def repeated(self, row: int, code: str, first_row_of: dict[str, int]) -> bool:
        """True (and an error on this row) when `code` came earlier in the file; else
        remembers this row as its first."""
        if code in first_row_of:
            message = _("Code repeated (first used on row %(row)d).") % {"row": first_row_of[code]}
            self.errors.append(RowError(row, code, "code", message))
            return True
        first_row_of[code] = row
        return False

    def as_dict(self) -> dict[str, Any]:
        counts = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "errors"}
        return {"ok": self.ok, **counts, "errors": [e.as_dict() for e in self.errors]}


def csv_rows(text: str, *, code_prefix: str, max_rows: int, too_many: str) -> list[dict[str, Any]]:
    """The data rows of a CSV file whose header names the columns (one of them `code`). A row
    with more cells than the header gets `__extra__`, for the importer to refuse by row.
    Errors: `<code_prefix>.csv_header`, `.too_many_rows` (message `too_many`), `.bad_csv`."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "code" not in reader.fieldnames:
        raise AppError(
            f"{code_prefix}.csv_header",
            _("The first line must name the columns, including “code”."),
        )
    rows = []
    try:
        for raw in reader:
            if None in raw:  # more cells than header columns
                raw.pop(None)
                raw["__extra__"] = "x"
            rows.append({k: v for k, v in raw.items() if k is not None})
            if len(rows) > max_rows:
                raise AppError(f"{code_prefix}.too_many_rows", too_many)
    except csv.Error as exc:
        raise AppError(
            f"{code_prefix}.bad_csv", _("Not a valid CSV file: %(reason)s") % {"reason": exc}
        ) from exc
    return rows
