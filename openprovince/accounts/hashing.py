"""Keyed hashes for short secrets (sign-in codes, recovery codes, API tokens).

A plain SHA-256 of a 6-digit code is reversed by trying a million values; keyed with the
server's secret (HMAC), a stolen database alone reveals nothing.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def keyed_hash(value: str, *, purpose: str) -> str:
    key = hashlib.sha256(f"openprovince:{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def same_hash(value: str, expected: str, *, purpose: str) -> bool:
    return hmac.compare_digest(keyed_hash(value, purpose=purpose), expected)
