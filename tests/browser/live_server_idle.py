"""Wait for the live server to finish its requests before the database is flushed.

pytest-django hands the live server the test's own SQLite connection when the test database is
in memory, and every request thread uses it. The flush after a browser test runs on that same
connection; a request still being served then (a download's last bytes, a service worker's
fetch from a context just closed) would use it at the same moment, and the flush fails
("couldn't be flushed") or the request sees a half-emptied database.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any


class InFlightRequests:
    """A WSGI wrapper counting the requests whose response has not been closed yet."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self._count = 0
        self._changed = threading.Condition()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        with self._changed:
            self._count += 1
        try:
            result = self.app(environ, start_response)
        except BaseException:
            self._finished()
            raise
        return _ClosingResponse(result, self._finished)

    def _finished(self) -> None:
        with self._changed:
            self._count -= 1
            self._changed.notify_all()

    def wait_idle(self, timeout: float) -> int:
        """Block until no request is being served (or `timeout` seconds); the count left."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._count and (left := deadline - time.monotonic()) > 0:
                self._changed.wait(left)
            return self._count


class _ClosingResponse:
    """The response's body, passed through; closing it (the server always does) ends the request."""

    def __init__(self, result: Iterable[bytes], finished: Callable[[], None]) -> None:
        self._result = result
        self._finished = finished

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._result)

    def close(self) -> None:
        try:
            close = getattr(self._result, "close", None)
            if close is not None:
                close()
        finally:
            self._finished()


def in_flight_requests(live_server: Any) -> InFlightRequests:
    """The counter around this (session-wide) live server's application, installed once."""
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    if not isinstance(app, InFlightRequests):
        app = InFlightRequests(app)
        httpd.set_app(app)
    return app
