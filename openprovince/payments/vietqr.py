"""VietQR (NAPAS 247) payloads: the EMVCo merchant-presented QR that every Vietnamese banking
app scans to fill in a transfer (docs/payments-vietqr.md).

Pure functions, no database: the payment provider and the shop standees both build and read
payloads here. A payload is a run of TLV fields — two-digit id, two-digit decimal length,
value — ending in a CRC-16/CCITT-FALSE over everything before it, "6304" included.
"""

from __future__ import annotations

import re
from typing import TypedDict

from django.utils.translation import gettext as _

from openprovince.core.errors import AppError
from openprovince.core.text import unaccent

NAPAS_GUID = "A000000727"  # NAPAS's application id inside tag 38
SERVICE_TO_ACCOUNT = "QRIBFTTA"
SERVICE_TO_CARD = "QRIBFTTC"
CURRENCY_VND = "704"  # ISO 4217 numeric
COUNTRY = "VN"
PURPOSE_MAX = 25  # tag 62/08 "purpose of transaction", ans up to 25
ACCOUNT_MAX = 19
AMOUNT_MAX_DIGITS = 13

_BIN_RE = re.compile(r"[0-9]{6}")
_ACCOUNT_RE = re.compile(rf"[0-9A-Za-z]{{1,{ACCOUNT_MAX}}}")
_PRINTABLE_RE = re.compile(r"[\x20-\x7e]*")
_NOT_PURPOSE_RE = re.compile(r"[^A-Z0-9 ]+")
_SPACES_RE = re.compile(r" {2,}")


class VietQR(TypedDict):
    """A decoded VietQR payload: the convenient fields, and every tag as read (`tags`; the
    templates 38 and 62 as nested dicts, 38/01 too)."""

    dynamic: bool  # 01=12: made for one transaction; 01=11: a reusable (static) code
    bank_bin: str
    account: str
    service: str  # QRIBFTTA to an account, QRIBFTTC to a card
    to_card: bool
    amount: int | None
    currency: str
    country: str
    purpose: str
    crc: str
    tags: dict[str, object]


def crc16_ccitt_false(data: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) as four
    upper-case hex digits, zero-padded (a CRC below 0x1000 keeps its leading zeros)."""
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return f"{crc:04X}"


def purpose_text(text: str) -> str:
    """A transfer text every bank keeps intact: Vietnamese folded to ASCII without
    diacritics, upper case, only A–Z, 0–9 and single spaces, at most 25 characters.
    Banks' core systems are ASCII and many drop punctuation from the statement."""
    upper = unaccent(text).upper()
    kept = _SPACES_RE.sub(" ", _NOT_PURPOSE_RE.sub(" ", upper)).strip()
    return kept[:PURPOSE_MAX].rstrip()


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"VietQR field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def vietqr_payload(
    *,
    bank_bin: str,
    account: str,
    amount: int | None,
    purpose: str,
    dynamic: bool = True,
    to_card: bool = False,
    fold_purpose: bool = True,
) -> str:
    """The VietQR string for a transfer to `account` at the bank `bank_bin`.

    `dynamic` marks a code made for one transaction (01=12) rather than a reusable poster
    (01=11); it says nothing about the amount, which may be left out (`None`) for the payer
    to type. The purpose goes through `purpose_text` unless `fold_purpose` is False, in which
    case it must already be printable ASCII of at most 25 characters (kept as given, as in
    NAPAS's published lower-case example). An empty purpose leaves tag 62 out.
    Raises AppError (bad input from a person: an admin typing an account) in Vietnamese."""
    if not isinstance(bank_bin, str) or not _BIN_RE.fullmatch(bank_bin):
        raise AppError(
            "payments.vietqr_bin", _("The bank code (BIN) must be exactly 6 digits."),
            fields={"bank_bin": [_("Enter the bank's 6-digit BIN, e.g. 970415.")]},
        )  # fmt: skip
    if not isinstance(account, str) or not _ACCOUNT_RE.fullmatch(account):
        raise AppError(
            "payments.vietqr_account",
            _("The account number must be 1 to 19 letters or digits, without spaces."),
            fields={"account": [_("Letters and digits only, at most 19.")]},
        )
    if to_card and not account.isdigit():
        raise AppError(
            "payments.vietqr_account", _("A card number must contain digits only."),
            fields={"account": [_("Digits only.")]},
        )  # fmt: skip
    if amount is not None and (
        isinstance(amount, bool)
        or not isinstance(amount, int)
        or amount <= 0
        or len(str(amount)) > AMOUNT_MAX_DIGITS
    ):
        raise AppError(
            "payments.vietqr_amount",
            _("The amount must be a whole number of dong above zero, at most 13 digits."),
            fields={"amount": [_("Enter a whole number of dong.")]},
        )
    if fold_purpose:
        purpose = purpose_text(purpose)
    elif len(purpose) > PURPOSE_MAX or not _PRINTABLE_RE.fullmatch(purpose):
        raise AppError(
            "payments.vietqr_purpose",
            _("The transfer text must be at most 25 characters, without diacritics."),
            fields={"purpose": [_("At most 25 characters, without diacritics.")]},
        )

    beneficiary = _tlv("00", bank_bin) + _tlv("01", account)
    merchant = (
        _tlv("00", NAPAS_GUID)
        + _tlv("01", beneficiary)
        + _tlv("02", SERVICE_TO_CARD if to_card else SERVICE_TO_ACCOUNT)
    )
    body = _tlv("00", "01") + _tlv("01", "12" if dynamic else "11") + _tlv("38", merchant)
    body += _tlv("53", CURRENCY_VND)
    if amount is not None:
        body += _tlv("54", str(amount))
    body += _tlv("58", COUNTRY)
    if purpose:
        body += _tlv("62", _tlv("08", purpose))
    body += "6304"
    return body + crc16_ccitt_false(body)


def tlv_decode(data: str) -> dict[str, str]:
    """Split a run of TLV fields into {id: value}; ValueError when it does not add up."""
    fields: dict[str, str] = {}
    pos = 0
    while pos < len(data):
        head = data[pos : pos + 4]
        if len(head) < 4 or not head.isdigit():
            raise ValueError(f"bad TLV header at {pos}: {head!r}")
        tag, length = head[:2], int(head[2:])
        value = data[pos + 4 : pos + 4 + length]
        if len(value) != length:
            raise ValueError(f"TLV field {tag} runs past the end")
        if tag in fields:
            raise ValueError(f"TLV field {tag} appears twice")
        fields[tag] = value
        pos += 4 + length
    return fields


def vietqr_parse(payload: str) -> VietQR:
    """Decode and check a VietQR string (the inverse of `vietqr_payload`). ValueError when
    the CRC is wrong, the structure is broken or it is not a NAPAS transfer code."""
    payload = payload.strip()
    if len(payload) < 12 or payload[-8:-4] != "6304":
        raise ValueError("no CRC field (6304) at the end")
    expected = crc16_ccitt_false(payload[:-4])
    if payload[-4:].upper() != expected:
        raise ValueError(f"CRC mismatch: payload says {payload[-4:]}, computed {expected}")
    top = tlv_decode(payload)
    if not payload.startswith("000201"):
        raise ValueError("payload format indicator (00=01) must come first")
    if top.get("01") not in ("11", "12"):
        raise ValueError("point of initiation (01) must be 11 or 12")
    if "38" not in top:
        raise ValueError("no NAPAS merchant account (38)")
    merchant = tlv_decode(top["38"])
    if merchant.get("00") != NAPAS_GUID:
        raise ValueError("tag 38 is not a NAPAS account (00 != A000000727)")
    beneficiary = tlv_decode(merchant.get("01", ""))
    bank_bin, account = beneficiary.get("00", ""), beneficiary.get("01", "")
    if not _BIN_RE.fullmatch(bank_bin) or not _ACCOUNT_RE.fullmatch(account):
        raise ValueError("tag 38/01 needs a 6-digit BIN (00) and an account (01)")
    service = merchant.get("02", "")
    amount_raw = top.get("54")
    if amount_raw is not None and not (amount_raw.isdigit() and int(amount_raw) > 0):
        raise ValueError(f"amount (54) is not a positive whole number: {amount_raw!r}")
    additional = tlv_decode(top["62"]) if "62" in top else {}
    tags: dict[str, object] = dict(top)
    tags["38"] = {**merchant, "01": beneficiary}
    if "62" in top:
        tags["62"] = additional
    return VietQR(
        dynamic=top["01"] == "12",
        bank_bin=bank_bin,
        account=account,
        service=service,
        to_card=service == SERVICE_TO_CARD,
        amount=int(amount_raw) if amount_raw is not None else None,
        currency=top.get("53", ""),
        country=top.get("58", ""),
        purpose=additional.get("08", ""),
        crc=top["63"],
        tags=tags,
    )
