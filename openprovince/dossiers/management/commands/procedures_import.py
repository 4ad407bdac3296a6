"""Import procedures from a CSV or JSON file (docs/procedures-import.md): all rows or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openprovince.core.errors import AppError
from openprovince.dossiers.catalogue.importing import procedure_file_parse, procedures_import


class Command(BaseCommand):
    help = "Import procedures from a .csv or .json file; nothing is written if any row is wrong."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            parsed = procedure_file_parse(content=file.read_bytes(), filename=file.name)
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from exc
        except AppError as exc:
            raise CommandError(exc.message) from exc
        report = procedures_import(file=parsed)
        if not report.ok:
            for e in report.errors:
                self.stderr.write(f"row {e.row} [{e.code}] {e.field}: {e.message}")
            raise CommandError(f"{len(report.errors)} problem(s); nothing was imported")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {report.created} new, {report.updated} updated "
                f"({report.fields_written} fields, {report.life_events_written} life events)."
            )
        )
