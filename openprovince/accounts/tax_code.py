"""Vietnamese tax codes (mã số thuế).

- Enterprises: 10 digits whose last is a check digit (weights 31, 29, 23, 19, 17, 13, 7, 5, 3;
  check = 10 − sum mod 11), or 13 for a branch: the parent's 10 digits, then 001–999.
- Individuals and household businesses (since 1 July 2025, Circular 86/2024/TT-BTC): the
  12-digit personal identification number, which has no public check digit.
Same algorithm as python-stdnum's `stdnum.vn.mst`.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from openprovince.core.errors import AppError

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def _check_digit_ok(ten: str) -> bool:
    total = sum(w * int(d) for w, d in zip(WEIGHTS, ten[:9], strict=True))
    check = 10 - total % 11
    return check < 10 and check == int(ten[9]) and ten[2:9] != "0000000"


def tax_code_normalise(raw: str) -> str:
    """Digits only (a branch code keeps its 13 digits without the dash), or AppError."""
    compact = re.sub(r"[\s.]", "", raw or "")
    error = AppError(
        "accounts.bad_tax_code",
        _(
            "This tax code is not valid. Check the 10 digits (13 for a branch) on the business "
            "registration certificate."
        ),
        fields={"tax_code": [_("Not a valid tax code.")]},
    )
    if re.fullmatch(r"\d{12}", compact):
        return compact
    match = re.fullmatch(r"(\d{10})(?:-?(\d{3}))?", compact)
    if not match or not _check_digit_ok(match.group(1)):
        raise error
    branch = match.group(2)
    if branch == "000":
        raise error
    return match.group(1) + (branch or "")


def tax_code_display(code: str) -> str:
    return f"{code[:10]}-{code[10:]}" if len(code) == 13 else code
