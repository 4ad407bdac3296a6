"""Import a payee account's bank statement (CSV) to confirm VietQR transfers
(docs/payments-vietqr.md): each incoming line that names an order settles it once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openprovince.core.errors import AppError
from openprovince.payments.services.statements import RowStatus, statement_import

# Lines worth a person's look; matched and already-counted lines are only counted.
SHOWN = (RowStatus.UNKNOWN, RowStatus.WRONG_AMOUNT, RowStatus.BAD)


class Command(BaseCommand):
    help = (
        "Import a bank statement CSV (transaction id, date, amount, transfer text) and settle "
        "the VietQR payments in it; importing the same file again counts nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from exc
        try:
            report = statement_import(file=content)
        except AppError as exc:
            raise CommandError(exc.message) from exc
        for row in report.rows:
            if row.status in SHOWN:
                self.stderr.write(f"line {row.line} [{row.status}] {row.txn_id}: {row.message}")
        counts = report.counts()
        summary = ", ".join(f"{status.value} {counts[status]}" for status in RowStatus)
        style = self.style.WARNING if any(counts[s] for s in SHOWN) else self.style.SUCCESS
        self.stdout.write(style(f"{len(report.rows)} line(s): {summary}."))
