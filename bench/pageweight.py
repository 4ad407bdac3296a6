"""Bytes a phone downloads for each citizen page: first visit, repeat visit, JavaScript.

Debian's Chromium through Playwright (never a downloaded browser). Bytes are what went over
the wire: CDP `Network.loadingFinished.encodedDataLength` (compressed body + headers) for the
page's own requests. The service worker fetches in its own target, which the page's CDP
session does not see (its precache on the first visit; the network-first navigation on a
repeat visit), so its transfers are added from Playwright's request events. The handbook
budget says "everything included", so the goals are judged on page + service worker.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .pages import JS_GOAL_KB, PAGES, REPEAT_GOAL_KB, Page
from .server import PROXY_HEADERS, ServerError, production_server
from .table import Cell, mark, print_table

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
IDLE_MS = 1000  # after `load`: lets late requests (favicon, service worker install) finish
# The service worker's own requests do not get Playwright's extra headers, so /sw.js would be
# answered 301 -> https and never install. Behind the TLS proxy every request is https; with
# the redirect off here the worker installs as it would in production.
SERVER_ENV = {"SECURE_SSL_REDIRECT": "0"}


@dataclass
class Visit:
    """Transfers of one navigation, keyed by CDP request id."""

    types: dict[str, str] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    worker: list[tuple[str, int]] = field(default_factory=list)  # (url, bytes) via the SW
    status: int = 0  # of the document; anything but 200 makes the row meaningless

    @property
    def page_bytes(self) -> int:
        return sum(self.sizes.values())

    @property
    def worker_bytes(self) -> int:
        return sum(size for _url, size in self.worker)

    @property
    def js_bytes(self) -> int:
        return sum(n for rid, n in self.sizes.items() if self.types.get(rid) == "Script")

    def biggest(self, count: int) -> list[tuple[str, str, int]]:
        rows = [("page", self.urls.get(rid, "?"), n) for rid, n in self.sizes.items()]
        rows += [("service worker", url, n) for url, n in self.worker]
        return sorted(rows, key=lambda row: row[2], reverse=True)[:count]


class Recorder:
    """Routes CDP and Playwright events into the current Visit."""

    def __init__(self, context: Any, page: Any) -> None:
        self.visit = Visit()
        self._finished: list[Any] = []
        cdp = context.new_cdp_session(page)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished_page)
        cdp.send("Network.enable")
        context.on("requestfinished", self._request_finished)

    def _response(self, event: dict[str, Any]) -> None:
        self.visit.types[event["requestId"]] = event["type"]
        self.visit.urls[event["requestId"]] = event["response"]["url"]

    def _request_finished(self, request: Any) -> None:
        self._finished.append(request)

    def _finished_page(self, event: dict[str, Any]) -> None:
        self.visit.sizes[event["requestId"]] = int(event["encodedDataLength"])

    def record(self, page: Any, url: str) -> Visit:
        self.visit, self._finished = Visit(), []
        response = page.goto(url, wait_until="load")
        self.visit.status = response.status if response is not None else 0
        page.wait_for_timeout(IDLE_MS)
        for request in self._finished:
            if request.service_worker is None:
                continue  # the page's own requests are counted from CDP
            sizes = request.sizes()
            # From the cache the body size is minus the header size: 0 bytes transferred.
            wire = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            self.visit.worker.append((request.url, max(0, wire)))
        return self.visit


def weigh(browser: Any, url: str) -> tuple[Visit, Visit]:
    """First visit in a fresh context (empty cache), then the same URL again (warm cache)."""
    context = browser.new_context(
        extra_http_headers=PROXY_HEADERS,
        viewport={"width": 390, "height": 844},
        locale="vi-VN",
    )
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        recorder = Recorder(context, page)
        first = recorder.record(page, url)
        repeat = recorder.record(page, url)
        return first, repeat
    finally:
        context.close()


def _kb(n: int) -> float:
    return n / 1024


def _row(page: Page, first: Visit, repeat: Visit) -> list[Cell]:
    first_total = _kb(first.page_bytes + first.worker_bytes)
    repeat_total = _kb(repeat.page_bytes + repeat.worker_bytes)
    goal = page.first_load_goal_kb
    return [
        page.path,
        _kb(first.page_bytes),
        _kb(first.worker_bytes),
        first_total,
        repeat_total,
        _kb(first.js_bytes),
        len(first.sizes),
        mark(None) if goal is None else f"{mark(first_total <= goal)} ≤{goal:g}",
        mark(repeat_total <= REPEAT_GOAL_KB),
        mark(None if page.is_map else _kb(first.js_bytes) <= JS_GOAL_KB),
    ]


def main() -> None:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        print(f"\nPage weight: no Chromium at {CHROMIUM} (apt-get install chromium); skipped.")
        return
    print(f"\nPage weight: {CHROMIUM}, SQLite production server with {SERVER_ENV}")
    rows: list[list[Cell]] = []
    home: Visit | None = None
    try:
        with production_server("sqlite", SERVER_ENV) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            print(f"Chromium {browser.version}")
            for page in PAGES:
                first, repeat = weigh(browser, server.base_url + page.path)
                if first.status != 200:
                    print(f"  ! {page.path} answered {first.status}, not 200: its row is void")
                rows.append(_row(page, first, repeat))
                if page.path == "/":
                    home = first
            browser.close()
    except ServerError:
        print("Page weight skipped: the server did not start (log above).")
        return
    headers = ["page", "first KB", "+SW KB", "first total", "repeat KB", "JS KB", "requests"]
    # The first-load goal is the page's own (home 50, report form 40, news article 30).
    headers += ["first goal", f"repeat ≤{REPEAT_GOAL_KB:g}", f"JS ≤{JS_GOAL_KB:g}"]
    print_table("Page weight (KB transferred, compressed, headers included)", headers, rows)
    if home is not None:
        biggest: list[list[Cell]] = [
            [via, urlsplit(url).path, n] for via, url, n in home.biggest(3)
        ]
        print_table("Home page, first load: biggest resources", ["via", "path", "bytes"], biggest)
