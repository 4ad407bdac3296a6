"""Common Vietnamese banks by NAPAS BIN, for showing payers where their transfer goes.

From api.vietqr.io's bank list (fields bin, shortName, name) and vietqr.io's docs, cross-checked
with the vietqr_gen `Bank` enum (docs/payments-vietqr.md, "Bank BINs"). Not exhaustive: an
account at a bank missing here still works, the page then shows the BIN. Do not copy bank
tables from random repositories: at least one public one labels 970415 as VIB.
"""

from __future__ import annotations

from typing import NamedTuple


class Bank(NamedTuple):
    bin: str
    short_name: str  # the brand payers know
    name: str  # full Vietnamese name


BANKS: tuple[Bank, ...] = (
    Bank("970436", "Vietcombank", "Ngân hàng TMCP Ngoại Thương Việt Nam"),
    Bank("970415", "VietinBank", "Ngân hàng TMCP Công thương Việt Nam"),
    Bank("970418", "BIDV", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam"),
    Bank("970405", "Agribank", "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"),
    Bank("970407", "Techcombank", "Ngân hàng TMCP Kỹ thương Việt Nam"),
    Bank("970422", "MB", "Ngân hàng TMCP Quân đội"),
    Bank("970416", "ACB", "Ngân hàng TMCP Á Châu"),
    Bank("970423", "TPBank", "Ngân hàng TMCP Tiên Phong"),
    Bank("970432", "VPBank", "Ngân hàng TMCP Việt Nam Thịnh Vượng"),
    Bank("970403", "Sacombank", "Ngân hàng TMCP Sài Gòn Thương Tín"),
    Bank("970441", "VIB", "Ngân hàng TMCP Quốc tế Việt Nam"),
    Bank("970443", "SHB", "Ngân hàng TMCP Sài Gòn - Hà Nội"),
    Bank("970437", "HDBank", "Ngân hàng TMCP Phát triển Thành phố Hồ Chí Minh"),
    Bank("970426", "MSB", "Ngân hàng TMCP Hàng Hải"),
    Bank("970448", "OCB", "Ngân hàng TMCP Phương Đông"),
    Bank("970449", "LPBank", "Ngân hàng TMCP Lộc Phát Việt Nam"),
    Bank("970440", "SeABank", "Ngân hàng TMCP Đông Nam Á"),
    Bank("970431", "Eximbank", "Ngân hàng TMCP Xuất Nhập khẩu Việt Nam"),
)
BY_BIN: dict[str, Bank] = {bank.bin: bank for bank in BANKS}


def bank_get(bin_code: str) -> Bank | None:
    return BY_BIN.get(bin_code)


def bank_name(bin_code: str) -> str:
    """The short and full name ("Vietcombank – Ngân hàng TMCP Ngoại Thương Việt Nam"); the
    BIN itself for a bank not in the table (the payer's app names the bank when it reads the
    QR anyway)."""
    bank = BY_BIN.get(bin_code)
    if bank is None:
        return bin_code
    return f"{bank.short_name} – {bank.name}"
