"""Fake Web Push service: RFC 8030 message delivery, restricted to a VAPID key (RFC 8292).

A push is `POST /push/<id>` with
- `Authorization: vapid t=<JWT>, k=<application server public key>`: the JWT signed with ES256
  by that key, `aud` this service's origin, `exp` in the future and at most 24 h away, `sub`
  a mailto: or https: URI; `k` the key the subscription was made for. Missing → 401, wrong
  → 403 (RFC 8292 §4.2);
- `Content-Encoding: aes128gcm` (RFC 8291) → else 415; `TTL` (seconds) → else 400; at most
  4096 bytes of body → else 413; `Urgency`, when given, one of RFC 8030's four words.
Accepted: 201 with `Location: /m/<id>`; the encrypted body is kept for the test to decrypt.
An unknown subscription answers 404, one expired by the test 410.

`python -m tests.fakes.push_service PORT`
Control: POST /_fake/reset · POST /_fake/subscribe {application_server_key} → {endpoint}
(what the browser's pushManager.subscribe gets) · POST /_fake/expire {endpoint} · POST
/_fake/fail {times, status} answers the next `times` valid pushes with `status` · GET
/_fake/messages (accepted pushes: subscription, body (base64), ttl, urgency, claims).
"""

from __future__ import annotations

import base64
import binascii
import json
import sys
import time
import uuid
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from tests.fakes.base import FakeHandler, serve

URGENCIES = {"very-low", "low", "normal", "high"}


def b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


class PushHandler(FakeHandler):
    state: dict[str, Any] = {
        "subscriptions": {},
        "messages": [],
        "fail_times": 0,
        "fail_status": 500,
    }

    def do_GET(self) -> None:
        if self.path_only == "/_fake/messages":
            self.reply(self.state["messages"])
        else:
            self.reply({"error": "not found"}, 404)

    def do_POST(self) -> None:
        path = self.path_only
        if path.startswith("/push/"):
            self._push(path.removeprefix("/push/"))
            return
        body = self.json_body()
        if path == "/_fake/reset":
            self.state.update(subscriptions={}, messages=[], fail_times=0, fail_status=500)
            self.reply({"ok": True})
        elif path == "/_fake/subscribe":
            sub_id = uuid.uuid4().hex
            key = str(body.get("application_server_key", "")).rstrip("=")
            self.state["subscriptions"][sub_id] = {"key": key, "expired": False}
            self.reply({"endpoint": f"{self.origin}/push/{sub_id}"})
        elif path == "/_fake/expire":
            sub_id = str(body.get("endpoint", "")).rsplit("/", 1)[-1]
            self.state["subscriptions"][sub_id]["expired"] = True
            self.reply({"ok": True})
        elif path == "/_fake/fail":
            self.state.update(
                fail_times=int(body.get("times", 1)), fail_status=int(body.get("status", 500))
            )
            self.reply({"ok": True})
        else:
            self.reply({"error": "not found"}, 404)

    @property
    def origin(self) -> str:
        address: Any = self.server.server_address  # (host, port) for this TCP server
        return f"http://{address[0]}:{address[1]}"

    def _push(self, sub_id: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        subscription = self.state["subscriptions"].get(sub_id)
        try:
            if subscription is None:
                raise Refused(404, "no such subscription")
            if subscription["expired"]:
                raise Refused(410, "subscription expired")
            claims = self._check_vapid(subscription["key"])
            ttl, urgency = self._check_headers(body)
        except Refused as exc:
            self.reply({"code": exc.status, "error": str(exc)}, exc.status)
            return
        if self.state["fail_times"] > 0:
            self.state["fail_times"] -= 1
            status = self.state["fail_status"]
            self.reply({"code": status, "error": "failing on purpose"}, status)
            return
        message_id = uuid.uuid4().hex
        self.state["messages"].append(
            {
                "id": message_id,
                "subscription": sub_id,
                "body": base64.b64encode(body).decode(),
                "ttl": ttl,
                "urgency": urgency,
                "claims": claims,
            }
        )
        self.send_response(201)
        self.send_header("Location", f"{self.origin}/m/{message_id}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _check_vapid(self, subscription_key: str) -> dict[str, Any]:
        header = self.headers.get("Authorization", "")
        scheme, _space, params = header.partition(" ")
        if scheme.lower() != "vapid":
            raise Refused(401, "vapid authorization required")
        values = dict(
            part.strip().split("=", 1) for part in params.split(",") if "=" in part.strip()
        )
        token, key = values.get("t", ""), values.get("k", "").rstrip("=")
        if key != subscription_key:
            raise Refused(403, "k is not the key this subscription was made for")
        try:
            public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url(key))
            head_b64, claims_b64, signature_b64 = token.split(".")
            head = json.loads(b64url(head_b64))
            claims = json.loads(b64url(claims_b64))
            signature = b64url(signature_b64)
        except (ValueError, binascii.Error) as exc:
            raise Refused(403, f"malformed token or key: {exc}") from exc
        if head.get("alg") != "ES256" or len(signature) != 64:
            raise Refused(403, "the JWT must be ES256 with a 64-byte signature")
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        try:
            public_key.verify(der, f"{head_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature as exc:
            raise Refused(403, "bad JWT signature") from exc
        now = time.time()
        if claims.get("aud") != self.origin:
            raise Refused(403, f"aud must be {self.origin}")
        exp = claims.get("exp")
        if not isinstance(exp, int) or not now < exp <= now + 24 * 3600:
            raise Refused(403, "exp must be in the next 24 hours")
        if not str(claims.get("sub", "")).startswith(("mailto:", "https://")):
            raise Refused(403, "sub must be a mailto: or https: URI")
        return claims

    def _check_headers(self, body: bytes) -> tuple[int, str]:
        if self.headers.get("Content-Encoding") != "aes128gcm":
            raise Refused(415, "Content-Encoding must be aes128gcm")
        ttl = self.headers.get("TTL", "")
        if not ttl.isdigit():
            raise Refused(400, "TTL header required")
        urgency = self.headers.get("Urgency", "normal")
        if urgency not in URGENCIES:
            raise Refused(400, "unknown Urgency")
        if len(body) > 4096:
            raise Refused(413, "payload too large")
        if len(body) < 21 + 65 + 17:  # salt, record size, key id (our key), one record
            raise Refused(400, "not an aes128gcm message")
        return int(ttl), urgency


if __name__ == "__main__":
    serve(PushHandler, sys.argv)
