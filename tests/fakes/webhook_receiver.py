"""Fake webhook receiver: what a province's sync service does with OpenProvince's signed
webhooks (docs/dossier-webhooks.md): check `X-OpenProvince-Signature` with the shared secret,
answer 2xx to accept; anything else makes OpenProvince retry.

`python -m tests.fakes.webhook_receiver PORT SECRET`
Hooks: POST /hook. Control: POST /_fake/reset · POST /_fake/fail {"times": n, "status": s}
(refuse the next n deliveries with status s) · GET /_fake/received.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from openprovince.dossiers.webhooks.signing import HEADER, webhook_signature_valid
from tests.fakes.base import FakeHandler, serve


class ReceiverHandler(FakeHandler):
    state: dict[str, Any] = {"received": [], "fail": 0, "status": 500}
    secret = ""

    def do_GET(self) -> None:
        if self.path_only == "/_fake/received":
            self.reply(self.state["received"])
        else:
            self.reply({"error": "not found"}, 404)

    def do_POST(self) -> None:
        path = self.path_only
        if path == "/_fake/reset":
            self.state.update(received=[], fail=0, status=500)
            self.json_body()
            self.reply({"ok": True})
        elif path == "/_fake/fail":
            body = self.json_body()
            self.state.update(fail=int(body.get("times", 1)), status=int(body.get("status", 500)))
            self.reply({"ok": True})
        elif path == "/hook":
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            valid = webhook_signature_valid(
                secret=self.secret, body=raw, header=self.headers.get(HEADER, "")
            )
            record = {
                "valid": valid,
                "event": self.headers.get("X-OpenProvince-Event", ""),
                "delivery": self.headers.get("X-OpenProvince-Delivery", ""),
                "body": json.loads(raw or b"{}"),
            }
            self.state["received"].append(record)
            if not valid:
                self.reply({"error": "bad signature"}, 401)
            elif self.state["fail"]:
                self.state["fail"] -= 1
                self.reply({"error": "busy"}, self.state["status"])
            else:
                self.reply({"ok": True})
        else:
            self.reply({"error": "not found"}, 404)


if __name__ == "__main__":
    ReceiverHandler.secret = sys.argv[2] if len(sys.argv) > 2 else ""
    serve(ReceiverHandler, sys.argv)
