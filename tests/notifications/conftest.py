from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from openprovince.tasks.worker import periodic_forget
from tests.tasks.helpers import Clock


@pytest.fixture(autouse=True)
def _fresh_schedules() -> Iterator[None]:
    periodic_forget()
    yield
    periodic_forget()


@pytest.fixture
def clock(monkeypatch: Any) -> Clock:
    return Clock(monkeypatch)
