"""The "Cửa hàng 4.0" standee: an A5 portrait card for a certified shop's counter, with the
shop's static VietQR (customers scan it with any banking app to pay) and a small second QR
that opens the shop's public certificate, so anyone can check the shop is certified.

Pure: it takes a `Standee` (the shops app fills it from its models) and returns PDF bytes.
The text is Vietnamese whatever language the person printing uses: customers at the counter
read it. Fonts and QR drawing are the receipts' (vendored DejaVu Sans subset, vector QR).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos

from openprovince.payments.receipts_pdf import A5, FAMILY, draw_qr, pdf_text, register_fonts
from openprovince.payments.vietqr import vietqr_parse, vietqr_payload

MARGIN = 10.0  # mm
QR_MAX = 100.0  # mm, quiet zone included; the tallest heading still leaves it over 85 mm
VERIFY_QR = 18.0  # mm: small, so nobody mistakes it for the code to pay with
PAYMENT_HEIGHT = 6.5 + 5 + 7.5 + 5.5 + 3.8 + 3.8  # mm: the six lines of _payment
LEADING = 0.41  # mm of line height per pt of font size (1.15 line spacing)
NAME_SIZES = (24, 22, 20, 18, 16, 14)  # pt, largest first: the name shrinks to fit 2 lines
ACCENT = (0, 74, 153)  # dark blue header and rules; the QR and facts stay black
GREY = (90, 90, 90)

HEADER = "CỬA HÀNG 4.0"
SCAN_TO_PAY = "QUÉT MÃ ĐỂ THANH TOÁN"
NAPAS = "Chuyển khoản nhanh NAPAS 247 – VietQR, với mọi ứng dụng ngân hàng"
CHECK_HOLDER = "Kiểm tra đúng tên chủ tài khoản trước khi xác nhận chuyển tiền."
CERTIFIED = "Cửa hàng được chứng nhận “Cửa hàng 4.0”"
VERIFY = "Xác minh"
VERIFY_HOW = "Quét mã nhỏ bên cạnh hoặc mở địa chỉ sau để xác minh:"


@dataclass(frozen=True)
class Standee:
    """What the standee prints. `payload` is the shop's static VietQR (`standee_payload`)
    and must pay `account`; `certificate_url` is absolute (it goes in the small QR)."""

    shop_name: str
    address: str
    bank_name: str
    account: str
    account_holder: str
    payload: str
    certificate_code: str  # e.g. CH40-TN-000123
    certificate_url: str
    category: str = ""  # e.g. "Tạp hóa"; printed above the name when given


def standee_payload(*, bank_bin: str, account: str) -> str:
    """The shop's reusable VietQR: static (01=11), no amount and no transfer text (tag 62
    left out), so one printed card serves every sale; the customer types the amount."""
    return vietqr_payload(bank_bin=bank_bin, account=account, amount=None, purpose="",
                          dynamic=False)  # fmt: skip


def standee_pdf(
    standee: Standee, *, province_name: str | None = None, compress: bool = True
) -> bytes:
    """The A5 PDF of `standee`, one page. `province_name` defaults to BRAND_PROVINCE;
    `compress=False` leaves the streams readable (tests). ValueError when the payload is
    broken, one-off (dynamic or with an amount) or pays another account than the printed one,
    which would send customers' money somewhere the card does not say."""
    qr = vietqr_parse(standee.payload)
    if qr["dynamic"] or qr["amount"] is not None or qr["account"] != standee.account:
        raise ValueError("the standee needs a static VietQR, without amount, to its account")
    province = settings.BRAND_PROVINCE if province_name is None else province_name

    pdf = FPDF(orientation="P", unit="mm", format=A5)
    pdf.set_compression(compress)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(False)  # every block is measured: the card is always one page
    register_fonts(pdf)
    pdf.set_title(pdf_text(standee.shop_name))
    pdf.set_subject(pdf_text(f"Cửa hàng 4.0 – {standee.certificate_code}"))
    # The payload in plain text, so tools and tests read it without decoding the image.
    pdf.set_keywords(f"VietQR:{standee.payload}")
    pdf.set_lang("vi")
    pdf.set_creator("OpenProvince")
    pdf.add_page()

    qr_top = _head(pdf, standee, province)
    # Bottom up: the footer sits on the bottom margin, the payment facts just above it,
    # and the QR takes the room left between them and the shop's name.
    footer_top = pdf.h - MARGIN - VERIFY_QR - 3
    pay_top = footer_top - 1.5 - PAYMENT_HEIGHT
    size = min(QR_MAX, pay_top - qr_top)
    draw_qr(pdf, standee.payload, x=(pdf.w - size) / 2, y=qr_top + (pay_top - qr_top - size) / 2,
            size=size)  # fmt: skip
    _payment(pdf, standee, top=pay_top)
    _footer(pdf, standee, top=footer_top)
    return bytes(pdf.output())


def _head(pdf: FPDF, standee: Standee, province: str) -> float:
    """Header, province, category, name and address; returns where the QR may start."""
    pdf.set_text_color(*ACCENT)
    _line(pdf, HEADER, style="B", sizes=(17,), height=7)
    _line(pdf, province, style="", sizes=(10, 9, 8), height=5)
    _rule(pdf, pdf.get_y() + 1)
    pdf.set_y(pdf.get_y() + 2.5)
    pdf.set_text_color(*GREY)
    if standee.category:
        _line(pdf, standee.category, style="", sizes=(10, 9, 8), height=4.5)
    pdf.set_text_color(0, 0, 0)
    _wrapped(pdf, standee.shop_name, style="B", sizes=NAME_SIZES, max_lines=2)
    pdf.set_text_color(*GREY)
    _wrapped(pdf, standee.address, style="", sizes=(10, 9, 8), max_lines=2)
    pdf.set_text_color(0, 0, 0)
    return pdf.get_y() + 1


def _payment(pdf: FPDF, standee: Standee, *, top: float) -> None:
    pdf.set_y(top)
    pdf.set_text_color(*ACCENT)
    _line(pdf, SCAN_TO_PAY, style="B", sizes=(14,), height=6.5)
    pdf.set_text_color(0, 0, 0)
    _line(pdf, standee.bank_name, style="", sizes=range(11, 7, -1), height=5)
    _line(pdf, f"Số tài khoản: {standee.account}", style="B", sizes=range(16, 9, -1), height=7.5)
    _line(pdf, f"Chủ tài khoản: {standee.account_holder}", style="B", sizes=range(12, 7, -1),
          height=5.5)  # fmt: skip
    pdf.set_text_color(*GREY)
    _line(pdf, NAPAS, style="", sizes=(8, 7), height=3.8)
    _line(pdf, CHECK_HOLDER, style="", sizes=(8, 7), height=3.8)
    pdf.set_text_color(0, 0, 0)


def _footer(pdf: FPDF, standee: Standee, *, top: float) -> None:
    _rule(pdf, top - 1.5)
    draw_qr(pdf, standee.certificate_url, x=MARGIN, y=top, size=VERIFY_QR)
    pdf.set_xy(MARGIN, top + VERIFY_QR - 0.5)
    pdf.set_font(FAMILY, "B", 7)
    pdf.cell(VERIFY_QR, 3, VERIFY, align=Align.C)
    left = MARGIN + VERIFY_QR + 3
    width = pdf.w - MARGIN - left
    pdf.set_xy(left, top + 1)
    pdf.set_font(FAMILY, "B", 9)
    pdf.cell(width, 4.5, pdf_text(CERTIFIED), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 9)
    code = pdf_text(f"Mã chứng nhận: {standee.certificate_code}")
    pdf.cell(width, 4.5, code, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 7)
    pdf.multi_cell(width, 3.3, VERIFY_HOW, new_x=XPos.LEFT, new_y=YPos.NEXT)
    # Character wrap: a URL has no spaces to break at, and it must stay whole and legible.
    pdf.multi_cell(width, 3.3, standee.certificate_url, link=standee.certificate_url,
                   wrapmode=WrapMode.CHAR, new_x=XPos.LEFT, new_y=YPos.NEXT)  # fmt: skip


def _fit(
    pdf: FPDF, text: str, *, style: str, sizes: Iterable[int], max_lines: int
) -> tuple[int, list[str]]:
    """The largest of `sizes` at which `text` wraps into at most `max_lines` lines of the
    page width (font left set); past the smallest, the lines cut with an ellipsis."""
    text, size, lines = pdf_text(text), 0, []
    for size in sizes:
        pdf.set_font(FAMILY, style, size)
        wrapped = pdf.multi_cell(pdf.epw, 1, text, dry_run=True, output="LINES")
        lines = cast(list[str], wrapped)
        if len(lines) <= max_lines:
            return size, lines
    last = lines[max_lines - 1]
    while last and pdf.get_string_width(last + "…") > pdf.epw:
        last = last[:-1]
    return size, [*lines[: max_lines - 1], last.rstrip(" ,;:–-") + "…"]


def _line(pdf: FPDF, text: str, *, style: str, sizes: Iterable[int], height: float) -> None:
    _size, lines = _fit(pdf, text, style=style, sizes=sizes, max_lines=1)
    pdf.set_x(MARGIN)
    pdf.cell(pdf.epw, height, lines[0], align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _wrapped(pdf: FPDF, text: str, *, style: str, sizes: Iterable[int], max_lines: int) -> None:
    if not text.strip():
        return
    size, lines = _fit(pdf, text, style=style, sizes=sizes, max_lines=max_lines)
    for line in lines:
        pdf.cell(pdf.epw, size * LEADING, line, align=Align.C, new_x=XPos.LMARGIN,
                 new_y=YPos.NEXT)  # fmt: skip


def _rule(pdf: FPDF, y: float) -> None:
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.4)
    pdf.line(MARGIN, y, pdf.w - MARGIN, y)
