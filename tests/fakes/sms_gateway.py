"""Fake SMS gateway following the `http` SMS backend contract (openprovince/notifications/sms.py):
POST /send, JSON {to, from, text}, `Authorization: Bearer TOKEN` → 200 {"id"}.

`python -m tests.fakes.sms_gateway PORT TOKEN`
Control: POST /_fake/reset · POST /_fake/fail {status} (0 = work again) · GET /_fake/messages.
"""

from __future__ import annotations

import sys
import uuid
from typing import Any

from tests.fakes.base import FakeHandler, serve


class SmsHandler(FakeHandler):
    state: dict[str, Any] = {"messages": [], "fail": 0}
    token = ""

    def do_GET(self) -> None:
        if self.path_only == "/_fake/messages":
            self.reply(self.state["messages"])
        else:
            self.reply({"error": "not found"}, 404)

    def do_POST(self) -> None:
        body = self.json_body()
        path = self.path_only
        if path == "/_fake/reset":
            self.state.update(messages=[], fail=0)
            self.reply({"ok": True})
        elif path == "/_fake/fail":
            self.state["fail"] = int(body.get("status", 500))
            self.reply({"ok": True})
        elif path == "/send":
            if self.headers.get("Authorization") != f"Bearer {self.token}":
                self.reply({"error": "unauthorized"}, 401)
            elif self.state["fail"]:
                self.reply({"error": "failure"}, self.state["fail"])
            elif not all(isinstance(body.get(k), str) for k in ("to", "from", "text")):
                self.reply({"error": "bad request"}, 400)
            else:
                message = {"id": uuid.uuid4().hex, **body}
                self.state["messages"].append(message)
                self.reply({"id": message["id"]})
        else:
            self.reply({"error": "not found"}, 404)


if __name__ == "__main__":
    SmsHandler.token = sys.argv[2] if len(sys.argv) > 2 else ""
    serve(SmsHandler, sys.argv)
