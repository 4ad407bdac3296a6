"""Export the procedure catalogue as CSV or JSON to standard output (the importer's formats)."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from openprovince.dossiers.catalogue.exporting import (
    procedures_export_csv,
    procedures_export_json,
)


class Command(BaseCommand):
    help = "Write all procedures as CSV or JSON to standard output."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["csv", "json"], default="json")

    def handle(self, *args: Any, format: str, **options: Any) -> None:
        if format == "csv":
            procedures_export_csv(csv.writer(self.stdout))
        else:
            self.stdout.write(json.dumps(procedures_export_json(), ensure_ascii=False, indent=1))
