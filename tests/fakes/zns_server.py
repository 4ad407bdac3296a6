"""Fake Zalo ZNS API (the contract in openprovince/notifications/channels/zns.py and
docs/notifications.md): POST /message/template, header `access_token`, JSON {phone,
template_id, template_data, tracking_id} → 200 {"error": 0, "message": "Success", "data":
{"msg_id", "sent_time", "quota"}}; failures are HTTP 200 with a negative `error`.

`python -m tests.fakes.zns_server PORT ACCESS_TOKEN`
Control: POST /_fake/reset · POST /_fake/fail {times, error (default -100), status (HTTP,
default 200)} fails the next `times` sends · GET /_fake/messages (what was accepted).
"""

from __future__ import annotations

import re
import sys
import time
import uuid
from typing import Any

from tests.fakes.base import FakeHandler, serve

ERRORS = {
    -100: "Unknown error",
    -108: "Phone number invalid",
    -109: "Template ID invalid",
    -111: "Template data empty",
    -118: "Zalo account not existed",
    -124: "Access token invalid",
}
PHONE = re.compile(r"^84\d{9}$")


class ZnsHandler(FakeHandler):
    state: dict[str, Any] = {
        "messages": [],
        "fail_times": 0,
        "fail_error": -100,
        "fail_status": 200,
    }
    token = ""

    def do_GET(self) -> None:
        if self.path_only == "/_fake/messages":
            self.reply(self.state["messages"])
        else:
            self.reply({"error": "not found"}, 404)

    def _error(self, code: int, status: int = 200) -> None:
        self.reply({"error": code, "message": ERRORS.get(code, "Error")}, status)

    def do_POST(self) -> None:
        body = self.json_body()
        path = self.path_only
        if path == "/_fake/reset":
            self.state.update(messages=[], fail_times=0, fail_error=-100, fail_status=200)
            self.reply({"ok": True})
        elif path == "/_fake/fail":
            self.state.update(
                fail_times=int(body.get("times", 1)),
                fail_error=int(body.get("error", -100)),
                fail_status=int(body.get("status", 200)),
            )
            self.reply({"ok": True})
        elif path == "/message/template":
            self._send(body)
        else:
            self.reply({"error": "not found"}, 404)

    def _send(self, body: dict[str, Any]) -> None:
        if self.headers.get("access_token") != self.token:
            self._error(-124)
        elif self.state["fail_times"] > 0:
            self.state["fail_times"] -= 1
            self._error(self.state["fail_error"], self.state["fail_status"])
        elif not PHONE.match(str(body.get("phone", ""))):
            self._error(-108)
        elif not str(body.get("template_id", "")):
            self._error(-109)
        elif not isinstance(body.get("template_data"), dict) or not body["template_data"]:
            self._error(-111)
        else:
            msg_id = uuid.uuid4().hex
            self.state["messages"].append({"msg_id": msg_id, **body})
            data = {
                "msg_id": msg_id,
                "sent_time": str(int(time.time() * 1000)),
                "quota": {"dailyQuota": "500", "remainingQuota": "499"},
            }
            self.reply({"error": 0, "message": "Success", "data": data})


if __name__ == "__main__":
    ZnsHandler.token = sys.argv[2] if len(sys.argv) > 2 else ""
    serve(ZnsHandler, sys.argv)
