"""What every queue backend does: hold jobs, hand each to one worker, take it back if that
worker disappears (the lease runs out), and keep jobs that failed for good."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass
class Job:
    id: str
    name: str
    kwargs: dict[str, Any]
    queue: str
    attempts: int = 0  # runs started, counted when a worker claims the job
    # Whatever the backend needs to acknowledge this claim (a Redis member, a row version).
    receipt: Any = field(default=None, repr=False)


class Backend(Protocol):
    def enqueue(self, job: Job, *, run_after: datetime | None) -> None:
        """Store the job; `run_after=None` means now. Sets `job.id` when the store assigns it."""
        ...

    def claim(self, *, queues: Sequence[str], now: datetime) -> Job | None:
        """Take one due job (or one whose lease ran out), count the attempt, lease it."""
        ...

    def complete(self, job: Job) -> None: ...

    def retry(self, job: Job, *, run_after: datetime, error: str) -> None: ...

    def fail(self, job: Job, *, error: str) -> None: ...
