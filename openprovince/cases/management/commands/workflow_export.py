"""Print the current workflow definition of a kind as JSON."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from openprovince.cases.definitions import workflow_definition_export


class Command(BaseCommand):
    help = "Write the current workflow definition of KIND to standard output."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind")

    def handle(self, *args: Any, kind: str, **options: Any) -> None:
        self.stdout.write(workflow_definition_export(kind=kind))
