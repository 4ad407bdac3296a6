"""Time-based one-time passwords (RFC 6238) as authenticator apps use them: SHA-1, 6 digits,
30-second steps. Small enough to keep here; checked against the RFC's test vectors."""

from __future__ import annotations

import base64
import hmac
import secrets
import struct
import time
from urllib.parse import quote

STEP = 30
DIGITS = 6
DRIFT_STEPS = 1  # accept the previous and next code too (phone clocks drift)


def totp_new_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def _key(secret: str) -> bytes:
    padded = secret.upper() + "=" * (-len(secret) % 8)
    return base64.b32decode(padded)


def hotp(key: bytes, counter: int, *, digits: int = DIGITS, digest: str = "sha1") -> str:
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def totp_at(secret: str, when: float) -> str:
    return hotp(_key(secret), int(when) // STEP)


def totp_match(secret: str, code: str, *, after_step: int, now: float | None = None) -> int | None:
    """The time step the code belongs to, if it is valid and newer than `after_step` (so a
    code is never accepted twice); otherwise None."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == DIGITS):
        return None
    current = int(time.time() if now is None else now) // STEP
    key = _key(secret)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if step > after_step and hmac.compare_digest(hotp(key, step), code):
            return step
    return None


def totp_uri(secret: str, *, account: str, issuer: str) -> str:
    """otpauth:// URI shown as a QR code during enrolment."""
    label = quote(f"{issuer}:{account}")
    return (
        f"otpauth://totp/{label}?secret={secret}&issuer={quote(issuer)}"
        f"&algorithm=SHA1&digits={DIGITS}&period={STEP}"
    )
