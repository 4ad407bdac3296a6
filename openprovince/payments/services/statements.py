"""Importing a payee account's bank statement (CSV) to confirm VietQR transfers.

Each incoming line is matched to an order by the reference in its transfer text, exactly as
the bank-statement webhook's lines are (`providers.vietqr.notice_for_credit`), and settled
through `payment_settle(source="statement")`. The ledger's unique (kind, provider,
transaction id) makes a statement imported twice, or a line the webhook already reported
with the same bank transaction id, count once. See docs/payments-vietqr.md.
"""

from __future__ import annotations

import csv
import enum
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO

from django.db import IntegrityError
from django.utils.translation import gettext as _

from openprovince.core.errors import AppError
from openprovince.core.text import clean_line, fold

from ..providers.base import Settled
from ..providers.vietqr import notice_for_credit
from ..references import LENGTH, PREFIX
from .settlement import payment_settle

HEADER_SEARCH_ROWS = 30  # bank exports put the account, period and a title above the header
MAX_TXN_ID = 64

# Header names as banks and people write them, folded (no diacritics, lower case, words only).
COLUMNS: dict[str, frozenset[str]] = {
    "txn_id": frozenset({
        "ma gd", "ma giao dich", "so gd", "so giao dich", "ma tham chieu", "so tham chieu",
        "so but toan", "so chung tu", "so ct", "transaction id", "txn id", "transaction no",
        "transaction number", "reference", "reference no", "reference number", "ref no", "id",
    }),
    "date": frozenset({
        "ngay", "ngay gd", "ngay giao dich", "ngay hach toan", "ngay hieu luc", "thoi gian",
        "thoi gian giao dich", "date", "transaction date", "posting date", "value date",
    }),
    # A credit column, where the statement splits money in and out, wins over a signed amount.
    "credit": frozenset({
        "ghi co", "so tien ghi co", "phat sinh co", "so tien co", "co", "credit", "credit amount",
    }),
    "amount": frozenset({"so tien", "so tien giao dich", "amount", "transaction amount"}),
    "description": frozenset({
        "noi dung", "noi dung giao dich", "noi dung chuyen khoan", "mo ta", "dien giai",
        "chi tiet giao dich", "description", "content", "details", "transaction details",
        "narrative", "remarks",
    }),
}  # fmt: skip

_PARENS_RE = re.compile(r"\([^)]*\)")
_NON_WORD_RE = re.compile(r"[^0-9a-z]+")
_CURRENCY_RE = re.compile(r"vnd|vnđ|đồng|dong|đ|₫", re.IGNORECASE)
# 1.200.000 or 1,200,000 (one kind of separator, groups of three), optionally ",00"/".00".
_GROUPED_RE = re.compile(r"(\d{1,3}(?:([.,])\d{3})(?:\2\d{3})*)(?:(?!\2)[.,](\d{1,2}))?")
_PLAIN_RE = re.compile(r"(\d+)(?:[.,](\d{1,2}))?")


class RowStatus(enum.StrEnum):
    MATCHED = "matched"  # an order is paid by this line now
    ALREADY = "already"  # this bank transaction was counted before
    UNKNOWN = "unknown"  # no order matches: kept as a mismatch for the admins
    WRONG_AMOUNT = "wrong_amount"  # kept as a mismatch for the admins
    SKIPPED = "skipped"  # money going out, or nothing
    BAD = "bad"  # the line cannot be read


@dataclass(frozen=True)
class RowResult:
    line: int  # the line in the file (the header's line + 1 for the first row)
    status: RowStatus
    message: str
    txn_id: str = ""
    amount: int | None = None
    reference: str = ""


@dataclass
class StatementReport:
    rows: list[RowResult] = field(default_factory=list)

    def counts(self) -> dict[RowStatus, int]:
        found = dict.fromkeys(RowStatus, 0)
        for row in self.rows:
            found[row.status] += 1
        return found


def header_key(name: str) -> str:
    """The key a header cell is known by: "Số tiền (VND)" → "so tien" (folded; units in
    brackets and punctuation dropped)."""
    return _NON_WORD_RE.sub(" ", _PARENS_RE.sub(" ", fold(name))).strip()


def columns_find(header: Iterable[str]) -> dict[str, str] | None:
    """Our column name → the header cell naming it; None when a needed column is missing."""
    found: dict[str, str] = {}
    for cell in header:
        if not isinstance(cell, str):
            continue  # csv.DictReader files surplus cells under None
        key = header_key(cell)
        for column, names in COLUMNS.items():
            if key in names and column not in found:
                found[column] = cell
    if "txn_id" in found and "description" in found and ("amount" in found or "credit" in found):
        return found
    return None


def amount_parse(raw: str) -> int:
    """Whole dong from "1.200.000", "1,200,000", "1200000", "1 200 000 VND", "+1,200,000.00",
    "-50.000" or "(50,000)" (negative: money out). ValueError for anything else, and for
    a fraction of a dong (VND has none, so it means a misread column)."""
    text = _CURRENCY_RE.sub("", raw).replace(" ", "").replace("\u00a0", "").strip()
    sign = 1
    if text.startswith("(") and text.endswith(")"):
        sign, text = -1, text[1:-1]
    elif text.startswith(("-", "+")):
        sign, text = (-1 if text[0] == "-" else 1), text[1:]
    grouped = _GROUPED_RE.fullmatch(text)
    plain = _PLAIN_RE.fullmatch(text)
    if grouped:
        digits, fraction = grouped.group(1).replace(grouped.group(2), ""), grouped.group(3)
    elif plain:
        digits, fraction = plain.group(1), plain.group(2)
    else:
        raise ValueError(f"not an amount: {raw!r}")
    if fraction and int(fraction) != 0:
        raise ValueError(f"not an amount: {raw!r}")
    return sign * int(digits)


def _no_columns() -> AppError:
    return AppError(
        "payments.statement_columns",
        _(
            "The statement needs columns for the transaction id, the amount and the transfer "
            "text (for example “Mã GD”, “Số tiền”, “Nội dung”)."
        ),
    )


def _decode(file: bytes | str | IO[bytes] | IO[str]) -> str:
    raw = file if isinstance(file, (bytes, str)) else file.read()
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise AppError(
                "payments.statement_encoding",
                _("The statement is not UTF-8 text. Save it again as “CSV UTF-8”."),
            ) from error
    return raw.removeprefix("\ufeff")


def _file_rows(file: bytes | str | IO[bytes] | IO[str]) -> list[tuple[int, dict[str, str]]]:
    content = _decode(file)
    top = "\n".join(content.splitlines()[:HEADER_SEARCH_ROWS])
    # The separator is the one under which a header turns up; try the most used first.
    for delimiter in sorted(",;\t", key=top.count, reverse=True):
        rows = _rows_under_header(content, delimiter)
        if rows is not None:
            return rows
    raise _no_columns()


def _rows_under_header(content: str, delimiter: str) -> list[tuple[int, dict[str, str]]] | None:
    """(line, header → cell) for every row below the header; None when no header is found
    among the first lines."""
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for cells in reader:
        if header is None:
            if reader.line_num > HEADER_SEARCH_ROWS:
                return None
            if columns_find(cells) is not None:
                header = cells
            continue
        rows.append((reader.line_num, dict(zip(header, cells, strict=False))))
    return rows if header is not None else None


def statement_import(
    *,
    file: bytes | str | IO[bytes] | IO[str] | None = None,
    rows: Iterable[Mapping[str, str]] | None = None,
) -> StatementReport:
    """Settle every incoming line of a statement: a CSV `file` (UTF-8, with or without BOM;
    comma, semicolon or tab separated; a title above the header is skipped) or `rows` already
    read (header name → cell). AppError when no header names the needed columns; a line
    that cannot be read is reported in its row and the others still count."""
    if (file is None) == (rows is None):
        raise TypeError("give either file or rows")
    numbered: list[tuple[int, Mapping[str, str]]] = []
    if file is not None:
        numbered.extend(_file_rows(file))
    else:
        numbered.extend(enumerate(rows or (), start=2))  # as if under a header on line 1
    columns = None
    report = StatementReport()
    for line, row in numbered:
        if columns is None:
            columns = columns_find(row.keys())
            if columns is None:
                raise _no_columns()
        if not any((cell or "").strip() for cell in row.values()):
            continue  # blank lines at the end of an export
        report.rows.append(_import_row(line, row, columns))
    return report


def _import_row(line: int, row: Mapping[str, str], columns: Mapping[str, str]) -> RowResult:
    def cell(column: str) -> str:
        return (row.get(columns[column]) or "").strip() if column in columns else ""

    txn_id = clean_line(cell("txn_id"))
    if not txn_id:
        return RowResult(line, RowStatus.BAD, _("The line has no transaction id."))
    if len(txn_id) > MAX_TXN_ID:
        return RowResult(line, RowStatus.BAD, _("The transaction id is too long."), txn_id[:64])
    raw_amount = cell("credit") if "credit" in columns else cell("amount")
    if "credit" in columns and not raw_amount:
        return RowResult(line, RowStatus.SKIPPED, _("Not money received."), txn_id)
    try:
        amount = amount_parse(raw_amount)
    except ValueError:
        message = _("“%(value)s” is not an amount in dong.") % {"value": raw_amount[:40]}
        return RowResult(line, RowStatus.BAD, message, txn_id)
    if amount <= 0:
        return RowResult(line, RowStatus.SKIPPED, _("Not money received."), txn_id, amount)
    notice = notice_for_credit(txn_id=txn_id, amount=amount, texts=[cell("description")])
    try:
        settled = payment_settle(notice=notice, source="statement")
    except IntegrityError:
        # Another order's attempt already holds this transaction id (two banks numbering
        # alike): nothing was written; a person must look, and the other lines still count.
        message = _("This transaction id is already used by another payment.")
        return RowResult(line, RowStatus.BAD, message, txn_id, amount)
    reference = notice.provider_ref
    if settled in (Settled.CONFIRMED, Settled.ALREADY, Settled.WRONG_AMOUNT):
        reference = reference[: len(PREFIX) + LENGTH]  # the order's, without an attempt suffix
    status, message = _outcome(settled, reference)
    return RowResult(line, status, message, txn_id, amount, reference)


def _outcome(settled: Settled, reference: str) -> tuple[RowStatus, str]:
    values = {"reference": reference}
    if settled is Settled.CONFIRMED:
        return RowStatus.MATCHED, _("Order %(reference)s is paid.") % values
    if settled is Settled.ALREADY:
        return RowStatus.ALREADY, _("Already counted for order %(reference)s.") % values
    if settled is Settled.WRONG_AMOUNT:
        return RowStatus.WRONG_AMOUNT, _(
            "The amount differs from order %(reference)s; the payments admins are told."
        ) % values
    if settled is Settled.UNKNOWN:
        return RowStatus.UNKNOWN, _(
            "No order matches the transfer text; the payments admins are told."
        )
    # Settlement never fails or ignores a notice of money received; say so if it ever does.
    return RowStatus.BAD, _("Not counted (%(result)s).") % {"result": settled.value}
