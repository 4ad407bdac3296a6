"""The bank accounts a shop prints on its VietQR standee (pure functions, no database); its
tax code is checked by `openprovince.accounts.tax_code`, as for businesses.

Each `*_normalise` returns the form to store or raises AppError with `fields` set, so a form
shows the message next to the box.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from openprovince.core.errors import AppError
from openprovince.core.text import unaccent
from openprovince.payments.vietqr import ACCOUNT_MAX

ACCOUNT_MIN = 6  # the shortest numbers banks issue (ACB's older accounts)
HOLDER_MIN, HOLDER_MAX = 2, 50

_SEPARATORS = re.compile(r"[\s.\-–]+")
_SPACES = re.compile(r"\s+")


def account_normalise(text: str) -> str:
    """A bank account number without the spaces, dots and dashes people type: 6–19 digits.
    VietQR payloads may carry letters (payments.vietqr accepts [0-9A-Za-z]{1,19}), but the
    account a trader registers is their own numbered account, and a letter there is almost
    always a typo (O for 0), so only digits pass. Raises AppError("shops.bad_account")."""
    account = _SEPARATORS.sub("", text or "")
    if account.isascii() and account.isdigit() and ACCOUNT_MIN <= len(account) <= ACCOUNT_MAX:
        return account
    message = _("Enter the account number as your bank shows it: 6 to 19 digits.")
    raise AppError("shops.bad_account", message, fields={"account": [message]})


def account_holder_normalise(text: str) -> str:
    """The account holder's name as banks print it: "Nguyễn Thị Hồng Đào" → "NGUYEN THI HONG
    DAO" (no diacritics, upper case, single spaces), only A–Z and spaces, 2–50 characters.
    Raises AppError("shops.bad_account_holder")."""
    name = _SPACES.sub(" ", unaccent(text or "")).strip().upper()
    if HOLDER_MIN <= len(name) <= HOLDER_MAX and re.fullmatch(r"[A-Z ]+", name):
        return name
    message = _(
        "Enter the account holder's name as your bank prints it: letters and spaces only, "
        "2 to 50 characters."
    )
    raise AppError("shops.bad_account_holder", message, fields={"holder": [message]})
