"""Save a workflow definition from a JSON file as the next version of its kind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openprovince.cases.definitions import workflow_definition_import
from openprovince.core.errors import AppError


class Command(BaseCommand):
    help = "Import a workflow definition (JSON); refused with every problem listed if invalid."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            definition = workflow_definition_import(content=file.read_bytes())
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from exc
        except AppError as exc:
            raise CommandError("\n".join(exc.fields.get("definition", [exc.message]))) from exc
        self.stdout.write(f"{definition.kind} version {definition.version} is current.")
