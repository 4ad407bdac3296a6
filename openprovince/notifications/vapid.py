"""VAPID (RFC 8292): how a push service knows the messages come from us.

Browsers subscribe with our public key (`applicationServerKey`); every push request then
carries `Authorization: vapid t=<JWT>, k=<public key>`, the JWT signed with ES256 by the
private key, and the push service refuses requests not signed by the subscription's key.
Keys are base64url without padding: the public key is the uncompressed P-256 point (65 bytes,
what browsers take), the private key the 32-byte scalar (what web-push libraries print).
"""

from __future__ import annotations

import base64
import json
import time
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.checks import CheckMessage, Error

JWT_LIFETIME_SECONDS = 12 * 3600  # push services refuse more than 24 h


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    """Raises ValueError on anything that is not base64url (padding optional)."""
    raw = text.strip().encode()
    return base64.urlsafe_b64decode(raw + b"=" * (-len(raw) % 4))


def public_key_b64(private_key: ec.EllipticCurvePrivateKey) -> str:
    point = private_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return b64url_encode(point)


def vapid_keys_generate() -> tuple[str, str]:
    """A fresh (public, private) pair, base64url, for WEBPUSH_VAPID_PUBLIC/PRIVATE_KEY."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    scalar = private_key.private_numbers().private_value.to_bytes(32, "big")
    return public_key_b64(private_key), b64url_encode(scalar)


@lru_cache(maxsize=4)
def vapid_private_key(private_b64: str) -> ec.EllipticCurvePrivateKey:
    """The private key from its base64url scalar; ValueError when it is not one."""
    scalar = b64url_decode(private_b64)
    if len(scalar) != 32:
        raise ValueError("a VAPID private key is 32 bytes (base64url)")
    return ec.derive_private_key(int.from_bytes(scalar, "big"), ec.SECP256R1())


def endpoint_origin(endpoint: str) -> str:
    """The JWT audience: the push service's origin, `https://host[:port]`."""
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    default_port = {"https": 443, "http": 80}.get(parts.scheme)
    port = f":{parts.port}" if parts.port and parts.port != default_port else ""
    return f"{parts.scheme}://{host}{port}"


def vapid_authorization(*, endpoint: str, now: float | None = None) -> str:
    """The `Authorization` header value for one push request to `endpoint`."""
    private_key = vapid_private_key(settings.WEBPUSH_VAPID_PRIVATE_KEY)
    issued = int(time.time() if now is None else now)  # the push service's clock, not a test's
    claims = {
        "aud": endpoint_origin(endpoint),
        "exp": issued + JWT_LIFETIME_SECONDS,
        "sub": settings.WEBPUSH_SUBJECT,
    }
    signing_input = f"{_segment({'typ': 'JWT', 'alg': 'ES256'})}.{_segment(claims)}"
    der = private_key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)  # JWS wants r || s, 32 bytes each, not DER
    signature = b64url_encode(r.to_bytes(32, "big") + s.to_bytes(32, "big"))
    return f"vapid t={signing_input}.{signature}, k={public_key_b64(private_key)}"


def _segment(data: dict[str, Any]) -> str:
    return b64url_encode(json.dumps(data, separators=(",", ":")).encode())


def vapid_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """System check: a private key that does not match the public one would make every push
    fail (browsers subscribed with the public key), so say so at start-up."""
    public, private = settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY
    if not (public and private):
        return []
    try:
        derived = public_key_b64(vapid_private_key(private))
    except ValueError:
        return [Error("WEBPUSH_VAPID_PRIVATE_KEY is not a P-256 key", id="notifications.E001")]
    if derived != public.strip().rstrip("="):
        return [
            Error(
                "WEBPUSH_VAPID_PUBLIC_KEY does not belong to WEBPUSH_VAPID_PRIVATE_KEY",
                hint="Print a new pair with `manage.py webpush_keys`.",
                id="notifications.E002",
            )
        ]
    return []
