"""Putting work on the queue: `task_enqueue(name, run_after=None, **kwargs)`."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from .backends import Job, get_backend
from .registry import task_spec


def task_enqueue(name: str, /, *, run_after: datetime | None = None, **kwargs: Any) -> None:
    """Queue the task `name` with JSON-serialisable keyword arguments, to run as soon as a
    worker is free, or not before `run_after`.

    Inside a transaction the job is queued only if that transaction commits, whatever the
    backend (the database backend writes its row in the transaction; the others wait for the
    commit), so a task never sees data that was rolled back. `run_after` is the one argument
    name a task cannot take.
    """
    spec = task_spec(name)
    if spec is None:
        raise LookupError(f"unknown task {name!r} (is its module imported?)")
    try:
        # A round trip through JSON is what the worker will see; refuse anything else now.
        payload: dict[str, Any] = json.loads(json.dumps(kwargs))
    except (TypeError, ValueError) as exc:
        raise TypeError(f"task {name!r}: arguments must be JSON-serialisable ({exc})") from exc
    if run_after is not None and run_after.tzinfo is None:
        raise ValueError("run_after must be an aware datetime")
    job = Job(
        id=uuid.uuid4().hex,
        name=name,
        kwargs=payload,
        queue=spec.queue or settings.TASKS_QUEUE,
    )
    backend = get_backend()
    if settings.TASKS_BACKEND == "embedded" or not connection.in_atomic_block:
        backend.enqueue(job, run_after=run_after)
    else:
        transaction.on_commit(lambda: backend.enqueue(job, run_after=run_after))
