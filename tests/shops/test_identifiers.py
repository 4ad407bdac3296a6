"""Shop registration identifiers: the bank account and its holder's name."""

from __future__ import annotations

import pytest

from openprovince.core.errors import AppError
from openprovince.shops.identifiers import account_holder_normalise, account_normalise


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0071000888888", "0071000888888"),
        ("1903 6888 1230 16", "19036888123016"),
        ("1234.5678.9", "123456789"),
        ("123-456", "123456"),
        ("1234567890123456789", "1234567890123456789"),
    ],
)
def test_given_an_account_number_as_typed_then_digits_only_are_kept(
    typed: str, stored: str
) -> None:
    assert account_normalise(typed) == stored


@pytest.mark.parametrize(
    "typed", ["", "12345", "12345678901234567890", "0071OOO888888", "VQR0001234", "１２３４５６７"]
)
def test_given_a_bad_account_number_then_it_is_refused_next_to_the_field(typed: str) -> None:
    with pytest.raises(AppError) as caught:
        account_normalise(typed)

    assert caught.value.code == "shops.bad_account"
    assert caught.value.fields == {"account": [caught.value.message]}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Nguyễn Thị Hồng Đào", "NGUYEN THI HONG DAO"),
        ("  trần   văn  an ", "TRAN VAN AN"),
        ("NGUYEN VAN A", "NGUYEN VAN A"),
        ("Cô Ba", "CO BA"),
        ("Lê Ý", "LE Y"),
    ],
)
def test_given_a_holder_name_then_it_is_written_as_banks_print_it(typed: str, stored: str) -> None:
    assert account_holder_normalise(typed) == stored


@pytest.mark.parametrize(
    "typed", ["", " ", "A", "Nguyễn Văn A.", "Công ty 3A", "Trần-Văn", "x" * 51, "李小龍"]
)
def test_given_a_bad_holder_name_then_it_is_refused_next_to_the_field(typed: str) -> None:
    with pytest.raises(AppError) as caught:
        account_holder_normalise(typed)

    assert caught.value.code == "shops.bad_account_holder"
    assert caught.value.fields == {"holder": [caught.value.message]}


def test_given_a_holder_name_of_exactly_50_letters_then_it_is_kept() -> None:
    assert account_holder_normalise("a" * 50) == "A" * 50
