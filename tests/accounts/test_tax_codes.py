"""Tax codes (mã số thuế): the check digit on real codes, the forms people type, bad input."""

from __future__ import annotations

import pytest

from openprovince.accounts.tax_code import tax_code_check_digit, tax_code_normalise
from openprovince.core.errors import AppError

# Published tax codes of listed companies (business registration, annual reports).
REAL_TAX_CODES = {
    "0300588569": "Vinamilk",
    "0101248141": "FPT",
    "0100109106": "Viettel",
    "0100112437": "Vietcombank",
    "0314409058": "python-stdnum's example",
    "0100233488": "python-stdnum's example",
}


@pytest.mark.parametrize("code", REAL_TAX_CODES)
def test_given_a_real_company_tax_code_then_its_check_digit_adds_up(code: str) -> None:
    assert tax_code_check_digit(code[:9]) == int(code[9])
    assert tax_code_normalise(code) == code


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (" 0300 588 569 ", "0300588569"),
        ("0300.588.569", "0300588569"),
        ("0314409058-002", "0314409058002"),
        ("0314409058 - 002", "0314409058002"),
        ("0314409058002", "0314409058002"),
        ("001 085 012345", "001085012345"),  # a citizen ID number (Hà Nội)
        ("096199000123", "096199000123"),  # Cà Mau, the last province code
    ],
)
def test_given_a_tax_code_as_typed_then_digits_only_are_kept(typed: str, stored: str) -> None:
    assert tax_code_normalise(typed) == stored


def test_given_first_nine_digits_whose_check_would_be_10_then_no_code_has_them() -> None:
    first9 = next(f"{n:09d}" for n in range(100_000_000, 100_001_000) if _weighted(n) % 11 == 0)

    assert tax_code_check_digit(first9) is None
    for last in "0123456789":
        with pytest.raises(AppError):
            tax_code_normalise(first9 + last)


def _weighted(n: int) -> int:
    return sum(
        w * int(d) for w, d in zip((31, 29, 23, 19, 17, 13, 7, 5, 3), f"{n:09d}", strict=True)
    )


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "abcdefghij",
        "030058856",  # 9 digits
        "03005885691",  # 11 digits
        "03005885690123",  # 14 digits
        "0300588568",  # Vinamilk with a wrong last digit
        "0300588596",  # two digits swapped
        "0314409058-000",  # branch 000
        "0100000000",  # digits 3-9 all zero
        "0300S88569",
        "０３００５８８５６９",  # full-width digits
        "000085012345",  # citizen ID with province 000
        "097085012345",  # ... and 097
    ],
)
def test_given_a_bad_tax_code_then_it_is_refused_next_to_the_field(typed: str) -> None:
    with pytest.raises(AppError) as caught:
        tax_code_normalise(typed)

    assert caught.value.code == "accounts.bad_tax_code"
    assert list(caught.value.fields) == ["tax_code"]
