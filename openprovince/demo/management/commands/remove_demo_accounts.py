"""Delete the demo officials (required before serving with production settings)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from openprovince.demo.officials import demo_accounts_remove


class Command(BaseCommand):
    help = "Delete every demo account (their passwords are published in the README)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Removed {demo_accounts_remove()} demo account rows.")
