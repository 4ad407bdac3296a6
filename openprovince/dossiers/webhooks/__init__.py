"""Signed JSON webhooks for dossier events (docs/dossier-webhooks.md)."""
