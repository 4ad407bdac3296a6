"""One application error type with stable codes (DESIGN §4.6).

Services raise `AppError`; the API turns it into `{code, message, fields}` with a 4xx status
and pages show `message` (already translated) to the user.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class AppError(Exception):
    """A failure the user can act on. `code` is stable (`module.reason`), safe to match on."""

    status = 400

    def __init__(
        self,
        code: str,
        message: str,
        *,
        fields: Mapping[str, list[str]] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.fields: dict[str, list[str]] = {
            k: [str(m) for m in v] for k, v in (fields or {}).items()
        }
        if status is not None:
            self.status = status

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "fields": self.fields}


class NotFound(AppError):
    status = 404


class PermissionDenied(AppError):
    status = 403
