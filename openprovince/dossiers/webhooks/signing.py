"""The signature a receiver checks: HMAC-SHA256 over "<timestamp>.<body>" with the endpoint's
secret, sent as `X-OpenProvince-Signature: t=<unix seconds>,v1=<hex>`. The timestamp inside
the signed text lets a receiver refuse replays older than a few minutes."""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "X-OpenProvince-Signature"
TOLERANCE_SECONDS = 300


def webhook_signature(*, secret: str, body: bytes, timestamp: int | None = None) -> str:
    at = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={at},v1={digest}"


def webhook_signature_valid(
    *, secret: str, body: bytes, header: str, now: float | None = None
) -> bool:
    """What a receiver runs (also used by the tests' fake receiver)."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        at = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - at) > TOLERANCE_SECONDS:
        return False
    expected = webhook_signature(secret=secret, body=body, timestamp=at).split("v1=", 1)[1]
    return hmac.compare_digest(expected, given)
