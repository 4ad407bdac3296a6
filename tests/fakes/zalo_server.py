"""Fake Zalo Graph API (the contract in openprovince/accounts/zalo.py and docs/zalo.md).

`python -m tests.fakes.zalo_server PORT APP_SECRET`
Control: POST /_fake/reset · POST /_fake/users {access_token, id, name, expires_in}
· POST /_fake/phone-tokens {code, number, expires_in} · POST /_fake/down {down}
· GET /_fake/calls (what was asked, headers included).
"""

from __future__ import annotations

import hashlib
import hmac
import sys
import time
from typing import Any

from tests.fakes.base import FakeHandler, serve

INVALID_SESSION = {
    "error": 452,
    "message": "Session key invalid. This could be because the "
    "session key has an incorrect format, or because the user has revoked this session",
}
BAD_PROOF = {"error": -242, "message": "Invalid appsecret_proof provided in the API argument"}
BAD_CODE = {"error": -1, "message": "Invalid or expired code"}


class ZaloHandler(FakeHandler):
    state: dict[str, Any] = {"users": {}, "codes": {}, "down": False, "calls": []}
    secret = ""

    def do_POST(self) -> None:
        body = self.json_body()
        path = self.path_only
        if path == "/_fake/reset":
            self.state.update(users={}, codes={}, down=False, calls=[])
        elif path == "/_fake/users":
            self.state["users"][body["access_token"]] = {
                "id": str(body["id"]),
                "name": body.get("name", ""),
                "expires": time.time() + float(body.get("expires_in", 3600)),
            }
        elif path == "/_fake/phone-tokens":
            self.state["codes"][body["code"]] = {
                "number": body["number"],
                "used": False,
                "expires": time.time() + float(body.get("expires_in", 120)),
            }
        elif path == "/_fake/down":
            self.state["down"] = bool(body.get("down", True))
        else:
            self.reply({"error": 404}, 404)
            return
        self.reply({"ok": True})

    def do_GET(self) -> None:
        path = self.path_only
        if path == "/_fake/calls":
            self.reply(self.state["calls"])
            return
        self.state["calls"].append({"path": path, "headers": dict(self.headers.items())})
        if self.state["down"]:
            self.reply({"error": "maintenance"}, 503)
            return
        token = self.headers.get("access_token", "")
        user = self.state["users"].get(token)
        if user is None or user["expires"] < time.time():
            self.reply(INVALID_SESSION)
            return
        if path == "/v2.0/me":
            expected = hmac.new(self.secret.encode(), token.encode(), hashlib.sha256).hexdigest()
            if not hmac.compare_digest(self.headers.get("appsecret_proof", ""), expected):
                self.reply(BAD_PROOF)
                return
            self.reply(
                {
                    "id": user["id"],
                    "name": user["name"],
                    "error": 0,
                    "message": "Success",
                    "picture": {
                        "data": {"url": f"https://s120.avatar.talk.zdn.vn/{user['id']}.jpg"}
                    },
                }
            )
        elif path == "/v2.0/me/info":
            if self.headers.get("secret_key") != self.secret:
                self.reply({"error": -1, "message": "Invalid secret_key"})
                return
            code = self.state["codes"].get(self.headers.get("code", ""))
            if code is None or code["used"] or code["expires"] < time.time():
                self.reply(BAD_CODE)
                return
            code["used"] = True  # one use only
            self.reply({"data": {"number": code["number"]}, "error": 0, "message": "Success"})
        else:
            self.reply({"error": 404, "message": "Not found"}, 404)


if __name__ == "__main__":
    ZaloHandler.secret = sys.argv[2] if len(sys.argv) > 2 else ""
    serve(ZaloHandler, sys.argv)
