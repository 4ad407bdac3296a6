"""VietQR payloads: NAPAS's published example byte for byte, the CRC, and the input rules."""

from __future__ import annotations

import pytest

from openprovince.core.errors import AppError
from openprovince.payments.banks import bank_name
from openprovince.payments.vietqr import (
    crc16_ccitt_false,
    purpose_text,
    vietqr_parse,
    vietqr_payload,
)

# The example every VietQR write-up decodes (VietinBank, 120,000 dong, "ung ho lu lut").
PUBLISHED = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA"
    "530370454061200005802VN62170813ung ho lu lut6304C15C"
)


def test_given_the_published_example_inputs_when_built_then_the_payload_is_identical() -> None:
    payload = vietqr_payload(
        bank_bin="970415", account="0011001932418", amount=120_000,
        purpose="ung ho lu lut", fold_purpose=False,
    )  # fmt: skip

    assert payload == PUBLISHED


def test_given_the_crc_check_value_then_it_is_29b1_and_zero_padded() -> None:
    assert crc16_ccitt_false("123456789") == "29B1"
    # Some strings have a CRC below 0x1000: it must keep four digits.
    short = next(f"x{i}" for i in range(100_000) if int(crc16_ccitt_false(f"x{i}"), 16) < 0x100)
    assert len(crc16_ccitt_false(short)) == 4 and crc16_ccitt_false(short).startswith("00")


def test_given_the_published_payload_when_parsed_then_every_field_is_read() -> None:
    parsed = vietqr_parse(PUBLISHED)

    assert parsed["bank_bin"] == "970415" and parsed["account"] == "0011001932418"
    assert parsed["amount"] == 120_000 and parsed["purpose"] == "ung ho lu lut"
    assert parsed["dynamic"] is True and parsed["service"] == "QRIBFTTA"
    assert parsed["currency"] == "704" and parsed["country"] == "VN" and parsed["crc"] == "C15C"
    assert parsed["tags"]["38"] == {
        "00": "A000000727", "01": {"00": "970415", "01": "0011001932418"}, "02": "QRIBFTTA",
    }  # fmt: skip


@pytest.mark.parametrize("position", [40, 60, 80, 100])
def test_given_one_changed_digit_when_parsed_then_the_crc_catches_it(position: int) -> None:
    changed = PUBLISHED[position]
    other = "1" if changed != "1" else "2"
    tampered = PUBLISHED[:position] + other + PUBLISHED[position + 1 :]

    with pytest.raises(ValueError, match="CRC"):
        vietqr_parse(tampered)


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "hello",
        PUBLISHED[:-8],  # no CRC field
        # A length that runs past the end, with a CRC that matches the broken text.
        (lambda body: body + crc16_ccitt_false(body))("000201010212389912346304"),
        # Right CRC, but no NAPAS account (38) at all.
        (lambda body: body + crc16_ccitt_false(body))("0002010102125303704" + "6304"),
    ],
)
def test_given_a_broken_payload_when_parsed_then_value_error(payload: str) -> None:
    with pytest.raises(ValueError, match=r"CRC|TLV|NAPAS"):
        vietqr_parse(payload)


def test_given_our_inputs_when_built_then_parsed_back_the_same() -> None:
    payload = vietqr_payload(
        bank_bin="970436", account="1234567890", amount=50_000, purpose="OP HS2024000123"
    )

    assert payload == (
        "00020101021238540010A00000072701240006970436011012345678900208QRIBFTTA"
        "53037045405500005802VN62190815OP HS20240001236304E6FA"
    )
    parsed = vietqr_parse(payload)
    assert (parsed["bank_bin"], parsed["account"], parsed["amount"], parsed["purpose"]) == (
        "970436", "1234567890", 50_000, "OP HS2024000123",
    )  # fmt: skip


def test_given_no_amount_and_static_when_built_then_01_is_11_and_54_and_62_are_absent() -> None:
    payload = vietqr_payload(
        bank_bin="970436", account="1234567890", amount=None, purpose="", dynamic=False
    )

    assert payload == (
        "00020101021138540010A00000072701240006970436011012345678900208QRIBFTTA"
        "53037045802VN6304BE57"
    )
    parsed = vietqr_parse(payload)
    assert parsed["dynamic"] is False and parsed["amount"] is None and parsed["purpose"] == ""
    assert "54" not in parsed["tags"] and "62" not in parsed["tags"]


def test_given_a_card_number_when_built_then_the_service_is_to_card() -> None:
    parsed = vietqr_parse(
        vietqr_payload(
            bank_bin="970436", account="9704360000000001", amount=10_000, purpose="x",
            to_card=True,
        )
    )  # fmt: skip

    assert parsed["service"] == "QRIBFTTC" and parsed["to_card"] is True


def test_given_vietnamese_text_then_the_purpose_is_folded_upper_ascii_and_short() -> None:
    assert purpose_text("OPABC123 Học phí tháng 9") == "OPABC123 HOC PHI THANG 9"
    assert purpose_text("Đóng góp: quỹ   “vì người nghèo”!") == "DONG GOP QUY VI NGUOI NGH"
    assert len(purpose_text("a" * 40)) == 25
    assert purpose_text("  Ủng hộ đồng bào lũ lụt miền Trung  ") == "UNG HO DONG BAO LU LUT MI"


def test_given_a_purpose_with_diacritics_when_built_then_the_qr_carries_it_folded() -> None:
    payload = vietqr_payload(
        bank_bin="970415", account="0011001932418", amount=1, purpose="Ủng hộ lũ lụt"
    )

    assert vietqr_parse(payload)["purpose"] == "UNG HO LU LUT"
    assert payload.isascii()


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"bank_bin": "97041"}, "payments.vietqr_bin"),
        ({"bank_bin": "97041A"}, "payments.vietqr_bin"),
        ({"account": ""}, "payments.vietqr_account"),
        ({"account": "0011 0019"}, "payments.vietqr_account"),
        ({"account": "1" * 20}, "payments.vietqr_account"),
        ({"account": "ABC123", "to_card": True}, "payments.vietqr_account"),
        ({"amount": 0}, "payments.vietqr_amount"),
        ({"amount": -5}, "payments.vietqr_amount"),
        ({"amount": 10**13}, "payments.vietqr_amount"),
        ({"amount": True}, "payments.vietqr_amount"),
        ({"purpose": "ủng hộ", "fold_purpose": False}, "payments.vietqr_purpose"),
        ({"purpose": "x" * 26, "fold_purpose": False}, "payments.vietqr_purpose"),
    ],
)
def test_given_bad_input_when_built_then_an_app_error_names_the_field(
    kwargs: dict[str, object], code: str
) -> None:
    args: dict[str, object] = {
        "bank_bin": "970415", "account": "0011001932418", "amount": 1_000, "purpose": "OK",
        **kwargs,
    }  # fmt: skip

    with pytest.raises(AppError) as caught:
        vietqr_payload(**args)  # type: ignore[arg-type]

    assert caught.value.code == code and caught.value.message and caught.value.fields


def test_given_the_largest_amount_then_it_is_accepted() -> None:
    payload = vietqr_payload(
        bank_bin="970415", account="1", amount=10**13 - 1, purpose="", dynamic=True
    )

    assert vietqr_parse(payload)["amount"] == 9_999_999_999_999


def test_given_a_bin_then_the_bank_is_named_or_the_bin_shown() -> None:
    assert bank_name("970415").startswith("VietinBank")
    assert bank_name("970436").startswith("Vietcombank")
    assert bank_name("123456") == "123456"
