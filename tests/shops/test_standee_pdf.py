"""The shop standee PDF: one A5 page whose big QR is the shop's static VietQR (also in the
metadata), whose small QR opens the certificate, and which survives long Vietnamese names."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import defaultdict
from dataclasses import replace
from typing import Any

import pytest
from fpdf import FPDF

from openprovince.core.errors import AppError
from openprovince.payments.receipts_pdf import QR_BORDER, qr_matrix
from openprovince.payments.vietqr import crc16_ccitt_false, vietqr_parse, vietqr_payload
from openprovince.shops.standee_pdf import Standee, standee_payload, standee_pdf

PT = 72 / 25.4  # PDF points per mm
PAGE = (148 * PT, 210 * PT)  # A5
LONG_NAME = (
    "Tiệm tạp hóa Bà Tư – Chợ Long Hoa – chuyên bán buôn bán lẻ bánh tráng phơi sương, "
    "muối tôm, đặc sản Tây Ninh và hàng gia dụng các loại"
)
CERTIFICATE_URL = "https://dichvucong.tayninh.gov.vn/cua-hang/chung-nhan/CH40-TN-000123/"


def _standee(**changes: Any) -> Standee:
    standee = Standee(
        shop_name="Quán cơm Ngọc Hường",
        address="Số 12 đường Trần Hưng Đạo, khu phố 3, phường Long Hoa, Tây Ninh",
        bank_name="Vietcombank",
        account="0011000600020",
        account_holder="NGUYEN THI NGOC HUONG",
        payload=standee_payload(bank_bin="970436", account="0011000600020"),
        certificate_code="CH40-TN-000123",
        certificate_url=CERTIFICATE_URL,
        category="Quán ăn",
    )
    return replace(standee, **changes)


def _keywords_payload(pdf: bytes) -> str:
    match = re.search(rb"/Keywords \(VietQR:([ -~]+?)\)", pdf)
    assert match, "no VietQR payload in the metadata"
    return match.group(1).decode("ascii")


def _drawn_qrs(pdf: bytes) -> list[tuple[list[list[bool]], float]]:
    """Rebuild every QR on the page from its filled rectangles (one per run of dark modules,
    a hair taller than a module): [(matrix, side in mm with the quiet zone)], largest first."""
    runs: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for x, y, w, h in re.findall(rb"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re f", pdf):
        runs[h.decode()].append((float(x), float(y), float(w)))
    qrs = []
    for height, rects in runs.items():
        module = abs(float(height)) - 0.02 * PT
        left, top = min(r[0] for r in rects), max(r[1] for r in rects)
        cells: set[tuple[int, int]] = set()
        for x, y, w in rects:
            row, col = round((top - y) / module), round((x - left) / module)
            cells.update((row, col + i) for i in range(round(w / module)))
        size = max(max(r, c) for r, c in cells) + 1
        matrix = [[(r, c) in cells for c in range(size)] for r in range(size)]
        qrs.append((matrix, module * (size + 2 * QR_BORDER) / PT))
    return sorted(qrs, key=lambda qr: -qr[1])


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every cell the standee draws (the PDF itself holds glyph ids)."""
    texts: list[str] = []
    cell, multi_cell = FPDF.cell, FPDF.multi_cell

    def spy_cell(self: FPDF, *args: Any, **kwargs: Any) -> Any:
        texts.append(kwargs.get("text", args[2] if len(args) > 2 else ""))
        return cell(self, *args, **kwargs)

    def spy_multi_cell(self: FPDF, *args: Any, **kwargs: Any) -> Any:
        if not kwargs.get("dry_run"):
            texts.append(kwargs.get("text", args[2] if len(args) > 2 else ""))
        return multi_cell(self, *args, **kwargs)

    monkeypatch.setattr(FPDF, "cell", spy_cell)
    monkeypatch.setattr(FPDF, "multi_cell", spy_multi_cell)
    return texts


def test_given_a_bank_account_then_the_standee_payload_is_static_without_amount() -> None:
    payload = standee_payload(bank_bin="970436", account="0011000600020")

    parsed = vietqr_parse(payload)
    assert (parsed["bank_bin"], parsed["account"]) == ("970436", "0011000600020")
    assert parsed["dynamic"] is False and parsed["tags"]["01"] == "11"
    assert parsed["amount"] is None and parsed["purpose"] == "" and "62" not in parsed["tags"]
    assert parsed["to_card"] is False and parsed["currency"] == "704"
    assert payload == vietqr_payload(bank_bin="970436", account="0011000600020", amount=None,
                                     purpose="", dynamic=False)  # fmt: skip
    with pytest.raises(AppError):
        standee_payload(bank_bin="97043", account="0011000600020")


def test_given_a_shop_then_the_pdf_is_one_small_a5_page_named_after_it() -> None:
    pdf = standee_pdf(_standee())

    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert len(pdf) < 60_000
    assert re.findall(rb"/Count (\d+)", pdf) == [b"1"]
    assert b"/MediaBox [0 0 419.53 595.28]" in pdf
    title = re.search(rb"/Title <feff([0-9a-f]+)>", pdf)
    assert title and bytes.fromhex(title.group(1).decode()).decode("utf-16-be") == (
        "Quán cơm Ngọc Hường"
    )


def test_given_the_pdf_then_its_metadata_payload_is_the_shops_valid_vietqr() -> None:
    payload = _keywords_payload(standee_pdf(_standee()))

    parsed = vietqr_parse(payload)
    assert (parsed["bank_bin"], parsed["account"], parsed["amount"]) == (
        "970436", "0011000600020", None,
    )  # fmt: skip
    assert not parsed["dynamic"]
    assert payload[-4:] == crc16_ccitt_false(payload[:-4])


def test_given_one_changed_digit_in_the_payload_then_the_crc_check_fails() -> None:
    payload = _keywords_payload(standee_pdf(_standee()))
    at = payload.index("0011000600020") + 5  # a digit of the account number
    changed = payload[:at] + str((int(payload[at]) + 1) % 10) + payload[at + 1 :]

    assert changed[-4:] != crc16_ccitt_false(changed[:-4])
    with pytest.raises(ValueError, match="CRC mismatch"):
        vietqr_parse(changed)


def test_given_the_pdf_then_the_big_qr_is_the_payload_and_the_small_one_the_certificate() -> None:
    standee = _standee()

    (pay, pay_side), (verify, verify_side) = _drawn_qrs(standee_pdf(standee, compress=False))

    assert pay == qr_matrix(standee.payload)
    assert verify == qr_matrix(CERTIFICATE_URL)
    assert pay_side >= 80 and verify_side < 25


def test_given_a_qr_matrix_then_it_is_segnos_at_error_level_m_without_micro_qr() -> None:
    import segno

    payload = standee_payload(bank_bin="970436", account="0011000600020")
    code = segno.make(payload, error="m", micro=False)

    assert code.error == "M" and not code.is_micro
    assert qr_matrix(payload) == [[bool(v) for v in row] for row in code.matrix]


def test_given_the_pdf_then_the_counter_reads_the_facts_of_the_payload(
    printed: list[str], settings: Any
) -> None:
    settings.BRAND_PROVINCE = "Tỉnh Thử Nghiệm"

    standee_pdf(_standee())

    assert "CỬA HÀNG 4.0" in printed and "Tỉnh Thử Nghiệm" in printed
    assert "Quán cơm Ngọc Hường" in printed and "QUÉT MÃ ĐỂ THANH TOÁN" in printed
    assert "Vietcombank" in printed and "Số tài khoản: 0011000600020" in printed
    assert "Chủ tài khoản: NGUYEN THI NGOC HUONG" in printed
    assert any("NAPAS 247" in text and "VietQR" in text for text in printed)
    assert "Mã chứng nhận: CH40-TN-000123" in printed and CERTIFICATE_URL in printed
    assert "Xác minh" in printed


def test_given_a_province_name_then_it_replaces_the_brand_setting(printed: list[str]) -> None:
    standee_pdf(_standee(), province_name="Tỉnh Bình Phước")

    assert "Tỉnh Bình Phước" in printed


@pytest.mark.parametrize(
    ("name", "address"),
    [
        ("Tiệm tạp hóa Bà Tư – Chợ Long Hoa", ""),
        ("Quán cơm Ngọc Hường", "Ấp Trường Đông, xã Trường Hòa, thị xã Hòa Thành"),
        (LONG_NAME, LONG_NAME),
        # Two lines at the largest size and a two-line address: the tallest heading.
        ("Cửa hàng điện thoại di động Minh Khoa Hòa Thành", LONG_NAME),
        ("CỬAHÀNGKHÔNGCÓDẤUCÁCHNÀOCẢ" * 4, "—"),
    ],
)
def test_given_long_or_vietnamese_names_then_every_letter_renders_on_one_page(
    name: str, address: str, caplog: pytest.LogCaptureFixture
) -> None:
    standees = [
        _standee(shop_name=name, address=address),
        # Combining marks, as some keyboards and CSV files send them.
        _standee(
            shop_name=unicodedata.normalize("NFD", name),
            category="Tạp hóa – Đồ khô",
            account_holder="NGUYỄN THỊ TƯ",
            bank_name="Ngân hàng TMCP Ngoại Thương Việt Nam (Vietcombank) – Chi nhánh Tây Ninh",
        ),
    ]

    with caplog.at_level(logging.WARNING, logger="fpdf"):
        pdfs = [standee_pdf(standee, compress=False) for standee in standees]

    # fpdf2 logs the glyphs a font lacks; the vendored subset must lack none of these.
    assert not [r for r in caplog.records if "missing" in r.getMessage()]
    for pdf in pdfs:
        assert re.findall(rb"/Count (\d+)", pdf) == [b"1"]
        positions = re.findall(rb"BT ([-\d.]+) ([-\d.]+) Td", pdf)
        positions += [(x, y) for x, y, _w, _h in re.findall(rb"([-\d.]+) ([-\d.]+) ([-\d.]+) "
                                                            rb"([-\d.]+) re f", pdf)]  # fmt: skip
        assert positions
        # Inside the page, clear of the 10 mm margins but for rounding.
        assert all(9 * PT < float(x) < PAGE[0] - 9 * PT for x, _y in positions)
        assert all(9 * PT < float(y) < PAGE[1] - 9 * PT for _x, y in positions)
        assert _drawn_qrs(pdf)[0][1] >= 80  # the long name shrank instead of the QR


@pytest.mark.parametrize(
    "payload",
    [
        vietqr_payload(
            bank_bin="970436", account="0011000600020", amount=50_000, purpose="", dynamic=False
        ),
        vietqr_payload(bank_bin="970436", account="0011000600020", amount=None, purpose=""),
        standee_payload(bank_bin="970436", account="9999999999"),
    ],
    ids=["with-amount", "dynamic", "other-account"],
)
def test_given_a_payload_that_is_not_the_shops_poster_code_then_no_pdf(payload: str) -> None:
    with pytest.raises(ValueError, match="static VietQR"):
        standee_pdf(_standee(payload=payload))


def test_given_a_broken_payload_then_no_pdf() -> None:
    payload = _standee().payload

    with pytest.raises(ValueError, match="CRC"):
        standee_pdf(_standee(payload=payload[:-4] + "0000"))
