"""Print a fresh VAPID key pair for Web Push, ready for the environment (docs/notifications.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from openprovince.notifications.vapid import vapid_keys_generate


class Command(BaseCommand):
    help = (
        "Print a new VAPID key pair (base64url) as WEBPUSH_VAPID_PUBLIC_KEY and "
        "WEBPUSH_VAPID_PRIVATE_KEY. Keep the private key secret; changing the pair later "
        "means every browser must subscribe again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        public, private = vapid_keys_generate()
        self.stdout.write(f"WEBPUSH_VAPID_PUBLIC_KEY={public}")
        self.stdout.write(f"WEBPUSH_VAPID_PRIVATE_KEY={private}")
