"""The `immediate` backend, for tests and one-off scripts: a job runs in the caller's thread
as soon as it is enqueued (after the caller's transaction commits). `run_after` is ignored and
errors propagate to the caller."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ..registry import task_spec
from .base import Job


class ImmediateBackend:
    def enqueue(self, job: Job, *, run_after: datetime | None) -> None:
        spec = task_spec(job.name)
        if spec is None:
            raise LookupError(f"unknown task {job.name!r}")
        spec.func(**job.kwargs)

    def claim(self, *, queues: Sequence[str], now: datetime) -> Job | None:
        return None

    def complete(self, job: Job) -> None:
        return None

    def retry(self, job: Job, *, run_after: datetime, error: str) -> None:
        return None

    def fail(self, job: Job, *, error: str) -> None:
        return None
