"""What every data import reports (agencies, procedures, …): per-row errors, and counts.
An import writes nothing unless every row is good (each importer's transaction)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from django.utils.translation import gettext as _


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
