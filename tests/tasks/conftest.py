from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from openprovince.tasks import registry
from openprovince.tasks.worker import periodic_forget
from tests.tasks.helpers import Clock


@pytest.fixture(autouse=True)
def _fresh_registry() -> Iterator[None]:
    """Tasks a test registers disappear with it. The project's periodic tasks are set aside
    meanwhile, so a worker run here runs only what the test queued."""
    tasks, schedules = dict(registry._tasks), dict(registry._schedules)
    registry._schedules.clear()
    periodic_forget()
    yield
    registry._tasks.clear()
    registry._tasks.update(tasks)
    registry._schedules.clear()
    registry._schedules.update(schedules)
    periodic_forget()


@pytest.fixture
def clock(monkeypatch: Any) -> Clock:
    return Clock(monkeypatch)
