"""The counter that keeps the flush after a browser test from racing the live server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.live_server_idle import InFlightRequests


def _body(closed: list[bool]) -> Any:
    class Body:
        def __iter__(self) -> Iterator[bytes]:
            yield b"ok"

        def close(self) -> None:
            closed.append(True)

    return Body()


def test_a_request_counts_until_the_server_closes_its_response() -> None:
    closed: list[bool] = []
    counter = InFlightRequests(lambda environ, start_response: _body(closed))
    response = counter({}, None)
    assert list(response) == [b"ok"]
    assert counter.wait_idle(timeout=0.01) == 1
    releaser = threading.Timer(0.05, response.close)  # type: ignore[attr-defined]
    releaser.start()
    assert counter.wait_idle(timeout=5) == 0
    assert closed == [True]


def test_an_application_that_raises_is_not_counted_as_serving() -> None:
    def broken(environ: Any, start_response: Any) -> Any:
        raise RuntimeError("boom")

    counter = InFlightRequests(broken)
    with pytest.raises(RuntimeError):
        counter({}, None)
    assert counter.wait_idle(timeout=0) == 0
