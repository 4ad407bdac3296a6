"""The receipt as an A5 PDF (fpdf2, pure Python): the receipt's data, the lines and a QR
code that opens the verify page. The vendored DejaVu Sans subset (fonts/, with its licence)
covers Vietnamese, so nothing is downloaded and no system font is needed at run time."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import segno
from django.utils import dateformat
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos

from openprovince.core.text import vnd

from .receipts import Receipt

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVuSans"
A5 = (148.0, 210.0)  # mm; a tuple, not "A5", whose size fpdf2 2.8.5 changed (and warns)
PAGE_MARGIN = 12.0  # mm
QR_SIZE = 34.0  # mm, quiet zone included: scans well from paper with any phone
QR_BORDER = 4  # modules of quiet zone, as the QR standard asks


def receipt_pdf(receipt: Receipt, *, verify_url: str, compress: bool = True) -> bytes:
    """The PDF bytes of `receipt`, in the active language; `verify_url` is absolute.
    `compress=False` leaves the streams readable (tests)."""
    pdf = FPDF(orientation="P", unit="mm", format=A5)
    pdf.set_compression(compress)
    pdf.set_margins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
    pdf.set_auto_page_break(True, margin=PAGE_MARGIN)
    register_fonts(pdf)
    # Metadata names the receipt only: no personal data in places viewers show or index.
    pdf.set_title(_("Payment receipt %(number)s") % {"number": receipt.number})
    pdf.set_lang("en" if get_language() == "en" else "vi")
    pdf.set_creator("OpenProvince")
    pdf.add_page()
    width = pdf.epw

    pdf.set_font(FAMILY, "B", 10)
    pdf.multi_cell(width, 5, _t(receipt.payee_name), align=Align.C, new_x=XPos.LMARGIN)
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", 16)
    pdf.cell(width, 9, _t(_("PAYMENT RECEIPT")), align=Align.C, new_x=XPos.LMARGIN,
             new_y=YPos.NEXT)  # fmt: skip
    pdf.set_font(FAMILY, "", 10)
    number = _("No. %(number)s") % {"number": receipt.number}
    pdf.cell(width, 6, _t(number), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)

    _facts(pdf, receipt)
    pdf.ln(3)
    _lines(pdf, receipt)
    pdf.ln(4)
    _verification(pdf, verify_url)
    return bytes(pdf.output())


def register_fonts(pdf: FPDF) -> None:
    """Add the vendored DejaVu Sans (regular "" and bold "B") to `pdf` as FAMILY."""
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))


def pdf_text(text: str) -> str:
    """`text` ready for the vendored fonts, which hold precomposed Vietnamese letters only:
    NFC turns typed combining marks (some keyboards and CSV files send them) into those."""
    return unicodedata.normalize("NFC", text)


_t = pdf_text  # the short name the receipt layout below uses


def _facts(pdf: FPDF, receipt: Receipt) -> None:
    facts = [
        (_("Paid to"), receipt.payee_name),
        (_("Paid by"), receipt.payer_name),
        (_("For"), receipt.description),
        (_("Paid at"), dateformat.format(receipt.paid_at, "d/m/Y H:i") + " (UTC+7)"),
        (_("Paid through"), receipt.provider_name),
        (_("Transaction number"), receipt.provider_txn_id),
    ]
    label_width = 38.0
    for label, value in facts:
        if not value:
            continue
        pdf.set_font(FAMILY, "", 9)
        pdf.cell(label_width, 6, _t(label))
        pdf.set_font(FAMILY, "B", 10)
        pdf.multi_cell(pdf.epw - label_width, 6, _t(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _lines(pdf: FPDF, receipt: Receipt) -> None:
    pdf.set_font(FAMILY, "", 10)
    with pdf.table(
        col_widths=(3, 1.3),
        text_align=(Align.L, Align.R),
        line_height=6,
        first_row_as_headings=True,
    ) as table:
        head = table.row()
        head.cell(_t(_("Item")))
        head.cell(_t(_("Amount")))
        for line in receipt.lines:
            row = table.row()
            row.cell(_t(line.description))
            row.cell(_t(vnd(line.amount)))
    pdf.set_font(FAMILY, "B", 12)
    total = f"{_('Total')}: {vnd(receipt.total)}"
    pdf.cell(pdf.epw, 9, _t(total), align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if receipt.refunded:
        pdf.set_font(FAMILY, "", 9)
        refunded = _("Refunded since: %(amount)s") % {"amount": vnd(receipt.refunded)}
        pdf.cell(pdf.epw, 6, _t(refunded), align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _verification(pdf: FPDF, verify_url: str) -> None:
    if pdf.will_page_break(QR_SIZE):
        pdf.add_page()
    top, left = pdf.get_y(), pdf.l_margin
    draw_qr(pdf, verify_url, x=left, y=top, size=QR_SIZE)
    text_x = left + QR_SIZE + 4
    pdf.set_xy(text_x, top + 3)
    pdf.set_font(FAMILY, "", 9)
    check = _("Scan the code, or open the address below, to check that this receipt is genuine.")
    text_width = pdf.epw - QR_SIZE - 4
    pdf.multi_cell(text_width, 5, _t(check), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.set_x(text_x)
    pdf.set_font(FAMILY, "", 8)
    pdf.multi_cell(text_width, 4.5, verify_url, link=verify_url, wrapmode=WrapMode.CHAR,
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    pdf.set_y(max(pdf.get_y(), top + QR_SIZE) + 2)
    pdf.set_font(FAMILY, "", 8)
    issued = _("Electronic receipt, issued automatically when the payment was confirmed.")
    pdf.multi_cell(pdf.epw, 4.5, _t(issued), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def qr_matrix(payload: str) -> list[list[bool]]:
    """The modules of the QR for `payload` (error correction M, never a Micro QR), row by
    row, True for dark; the quiet zone is not included."""
    return [[bool(v) for v in row] for row in segno.make(payload, error="m", micro=False).matrix]


def draw_qr(pdf: FPDF, payload: str, *, x: float, y: float, size: float) -> None:
    """The QR as filled rectangles (vector: sharp at any print size, no image to embed),
    one per horizontal run of dark modules to keep the page stream small. `size` is the
    side in mm with the quiet zone (QR_BORDER modules each side) included."""
    matrix = qr_matrix(payload)
    count = len(matrix) + 2 * QR_BORDER
    module = size / count
    pdf.set_fill_color(0, 0, 0)
    for row_index, row in enumerate(matrix):
        top = y + (row_index + QR_BORDER) * module
        start = None
        for col, dark in enumerate([*row, False]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                # A hair taller than a module, so no seam shows between rows on screen.
                pdf.rect(x + (start + QR_BORDER) * module, top, (col - start) * module,
                         module + 0.02, style="F")  # fmt: skip
                start = None
