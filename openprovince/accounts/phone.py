"""Vietnamese phone numbers: 0912 345 678, +84 912 345 678 and 84912345678 are one number.

Stored as E.164 (`+84912345678`). Mobile prefixes follow the national numbering plan after the
2018 renumbering, as published in Google's libphonenumber metadata (region VN).
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from openprovince.core.errors import AppError

# The 9 national digits after 0 / +84 of a mobile number.
_MOBILE = re.compile(
    r"^(?:3\d|5[1689]|52[238]|559|7[06-9]|8[1-8]|89[6-9]|9[0-8]|99[013-9])\d{6,7}$", re.ASCII
)
_SEPARATORS = re.compile(r"[\s.\-()]")


def phone_normalise(raw: str) -> str:
    """E.164 for a Vietnamese mobile number, or AppError `accounts.bad_phone`."""
    # NFKC turns full-width digits (some keyboards type them) into ASCII ones.
    digits = _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or ""))
    if digits.startswith("+84"):
        national = digits[3:]
    elif digits.startswith("0084"):
        national = digits[4:]
    elif digits.startswith("84") and len(digits) == 11:
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = digits
    if not national.isascii() or len(national) != 9 or not _MOBILE.match(national):
        raise AppError(
            "accounts.bad_phone",
            _("This is not a Vietnamese mobile number. Type 10 digits, for example 0912 345 678."),
            fields={"phone": [_("Not a Vietnamese mobile number.")]},
        )
    return "+84" + national


def phone_display(e164: str) -> str:
    """+84912345678 → 0912 345 678 (how people write it)."""
    if not e164.startswith("+84") or len(e164) != 12:
        return e164
    national = "0" + e164[3:]
    return f"{national[:4]} {national[4:7]} {national[7:]}"


def phone_masked(e164: str) -> str:
    """For messages and logs: 0912 *** 678."""
    shown = phone_display(e164)
    return shown[:5] + "***" + shown[8:] if len(shown) == 12 else "***"
