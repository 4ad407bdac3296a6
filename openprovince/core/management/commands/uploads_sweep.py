"""Delete stored files that no row names (core.uploads.sweeping); the daily task does the same.

python manage.py uploads_sweep --dry-run        # list them only
python manage.py uploads_sweep --months 12      # look further back than the task does
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openprovince.core.uploads.sweeping import SWEEP_MONTHS, SWEEP_OLDER_THAN, uploads_sweep


class Command(BaseCommand):
    help = "Delete stored files (uploads) that no row names any more."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list them, delete nothing")
        parser.add_argument(
            "--months", type=int, default=SWEEP_MONTHS, help="month folders to look in"
        )
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=SWEEP_OLDER_THAN.days,
            help="only files last changed longer ago than this (at least 1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        months, days = options["months"], options["older_than_days"]
        if months < 1 or days < 1:
            raise CommandError("--months and --older-than-days must be at least 1")
        result = uploads_sweep(
            months=months, older_than=timedelta(days=days), dry_run=options["dry_run"]
        )
        for name in result.orphans:
            self.stdout.write(name)
        verb = "would be deleted" if options["dry_run"] else f"{result.deleted} deleted"
        self.stderr.write(
            f"{result.files} stored files looked at; {len(result.orphans)} named by no row, "
            f"{verb}; {result.young} more named by no row but changed in the last {days} days"
        )
