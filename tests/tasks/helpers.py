"""A clock tests can move (everything in tasks and notifications reads `timezone.now()`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

_real_now = timezone.now


class Clock:
    def __init__(self, monkeypatch: Any) -> None:
        self.now: datetime = _real_now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now
