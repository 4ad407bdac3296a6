"""A tiny JSON HTTP server to stand in for a provider, run as its own process.

Each fake answers the provider's published contract on its real paths and offers `/_fake/...`
control paths for tests to set up state (tokens, failures). Started with
`python -m tests.fakes.<name> <port> [options]`; prints "ready <port>" when listening.
"""

from __future__ import annotations

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


class FakeHandler(BaseHTTPRequestHandler):
    state: dict[str, Any] = {}

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        return

    def reply(self, body: Any, status: int = 200) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def json_body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b"{}"
        try:
            data = json.loads(raw or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    @property
    def path_only(self) -> str:
        return urlsplit(self.path).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.path).query)


def serve(handler: type[FakeHandler], argv: list[str]) -> None:
    port = int(argv[1]) if len(argv) > 1 else 0
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    sys.stdout.write(f"ready {server.server_address[1]}\n")
    sys.stdout.flush()
    server.serve_forever()
