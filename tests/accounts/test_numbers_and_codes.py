"""Phone numbers, tax codes and TOTP: the small pure functions identity rests on."""

import pytest

from openprovince.accounts.phone import phone_display, phone_masked, phone_normalise
from openprovince.accounts.tax_code import tax_code_display, tax_code_normalise
from openprovince.accounts.totp import hotp, totp_at, totp_match, totp_new_secret, totp_uri
from openprovince.core.errors import AppError


@pytest.mark.parametrize(
    "raw",
    [
        "0912345678",
        "0912 345 678",
        "+84912345678",
        "84912345678",
        "+84 912-345-678",
        "0084912345678",
        "(091) 2345678",
    ],
)
def test_given_the_same_mobile_number_written_many_ways_then_one_e164(raw):
    assert phone_normalise(raw) == "+84912345678"


@pytest.mark.parametrize(
    "raw",
    [
        "0321234567",
        "0561234567",
        "0701234567",
        "0861234567",
        "0991234567",
        "0522123456",
        "0591234567",
    ],
)
def test_given_current_mobile_prefixes_then_accepted(raw):
    assert phone_normalise(raw).startswith("+84")


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "abc",
        "091234567",
        "09123456789",
        "01621234567",
        "02838123456",
        "0101234567",
        "+1 415 555 0100",
        "0912345678x",
        "0521234567",
        "٠٩١٢٣٤٥٦٧٨",
    ],
)
def test_given_not_a_vietnamese_mobile_then_a_clear_error(raw):
    with pytest.raises(AppError) as err:
        phone_normalise(raw)
    assert err.value.code == "accounts.bad_phone"
    assert "phone" in err.value.fields


def test_phone_display_and_mask():
    assert phone_display("+84912345678") == "0912 345 678"
    assert phone_masked("+84912345678") == "0912 *** 678"
    assert phone_normalise("０９１２３４５６７８") == "+84912345678"  # full-width digits


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("0100109106", "0100109106"),  # Viettel group
        ("0100233488", "0100233488"),
        ("0314409058-002", "0314409058002"),  # a branch
        ("0314409058002", "0314409058002"),
        ("079123456789", "079123456789"),  # an individual's 12-digit personal ID (since 2025)
    ],
)
def test_given_valid_tax_codes_then_normalised(raw, stored):
    assert tax_code_normalise(raw) == stored


@pytest.mark.parametrize(
    "raw", ["0100233480", "010010910", "0314409058-000", "abc", "01001091061", "0100000001", ""]
)
def test_given_invalid_tax_codes_then_refused(raw):
    with pytest.raises(AppError) as err:
        tax_code_normalise(raw)
    assert err.value.code == "accounts.bad_tax_code"


def test_branch_tax_code_is_shown_with_its_dash():
    assert tax_code_display("0314409058002") == "0314409058-002"


def test_hotp_and_totp_match_the_rfc_test_vectors():
    key = b"12345678901234567890"
    # RFC 4226 appendix D
    assert [hotp(key, c) for c in range(3)] == ["755224", "287082", "359152"]
    # RFC 6238 appendix B (SHA-1, 8 digits)
    assert hotp(key, 59 // 30, digits=8) == "94287082"
    assert hotp(key, 1111111109 // 30, digits=8) == "07081804"
    assert hotp(key, 20000000000 // 30, digits=8) == "65353130"


def test_a_totp_code_is_accepted_once_and_within_one_step_of_drift():
    secret = totp_new_secret()
    now = 1_800_000_000.0
    code = totp_at(secret, now)
    step = totp_match(secret, code, after_step=0, now=now)
    assert step == int(now) // 30
    assert totp_match(secret, code, after_step=step, now=now) is None  # no reuse
    assert totp_match(secret, totp_at(secret, now - 30), after_step=0, now=now) is not None
    assert totp_match(secret, totp_at(secret, now - 90), after_step=0, now=now) is None
    assert totp_match(secret, "12345", after_step=0, now=now) is None
    assert totp_uri(secret, account="canbo", issuer="Tây Ninh Smart").startswith(
        "otpauth://totp/T%C3%A2y%20Ninh%20Smart%3Acanbo?secret="
    )
