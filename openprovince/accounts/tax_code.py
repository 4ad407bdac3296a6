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
PROVINCE_CODES = range(1, 97)  # 001–096, the first 3 digits of a citizen ID number

_SEPARATORS = re.compile(r"[\s.\-–]+")


def tax_code_check_digit(first9: str) -> int | None:
    """The 10th digit of an enterprise tax code: 10 − (Σ weight × digit mod 11) with weights
    31, 29, 23, 19, 17, 13, 7, 5, 3; None when that is 10, as no valid code has it."""
    check = 10 - sum(w * int(d) for w, d in zip(WEIGHTS, first9, strict=True)) % 11
    return check if check < 10 else None


def tax_code_normalise(text: str) -> str:
    """A tax code as typed ("0314 409 058", "0314409058-002", "0314.409.058") as digits only:
    - 10 digits: an enterprise; the 10th is a check digit and digits 3–9 are not all zero;
    - 13 digits: a branch, the parent's 10 digits then 001–999;
    - 12 digits: an individual's or household business's tax code, which since 1 July 2025
      is the owner's citizen ID number; it has no public check digit, so only its format is
      checked (3-digit province code 001–096). Raises AppError("accounts.bad_tax_code")."""
    digits = _SEPARATORS.sub("", text or "")
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (10, 12, 13):
        message = _(
            "Enter the tax code: 10 digits, 13 for a branch (e.g. 0314409058-002), "
            "or the owner's 12-digit citizen ID number."
        )
    elif len(digits) == 12:
        if int(digits[:3]) in PROVINCE_CODES:
            return digits
        message = _(
            "A 12-digit tax code is a citizen ID number and starts with a province code "
            "from 001 to 096; check the number on the ID card."
        )
    elif digits[2:9] == "0000000" or digits[10:] == "000":
        message = _("This is not a valid tax code; check it on the business registration.")
    elif tax_code_check_digit(digits[:9]) != int(digits[9]):
        message = _(
            "This tax code does not add up (its 10th digit is a check digit); "
            "look for a mistyped digit."
        )
    else:
        return digits
    raise AppError(
        "accounts.bad_tax_code", message, fields={"tax_code": [_("Not a valid tax code.")]}
    )


def tax_code_display(code: str) -> str:
    return f"{code[:10]}-{code[10:]}" if len(code) == 13 else code
