"""The worker loop: enqueue periodic tasks when due, then run queued jobs one at a time.

The same loop runs as `manage.py run_worker` (any backend) and, with TASKS_EMBEDDED_WORKER=1,
as one daemon thread inside the web process (`tasks_start_embedded_worker`).
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from .backends import Backend, Job, get_backend
from .queue import task_enqueue
from .registry import schedules, task_spec, task_specs

log = logging.getLogger("openprovince.tasks")
ONCE_LIMIT = 1000  # a `once` run stops after this many jobs, even if jobs keep enqueueing jobs
RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 3600

_known_next_run: dict[str, datetime] = {}  # saves a query per loop for schedules not yet due
_embedded_lock = threading.Lock()
_embedded_thread: threading.Thread | None = None
embedded_stop = threading.Event()


def _tidy_connections() -> None:
    """Drop broken or expired database connections between jobs, as Django does between
    requests. Never inside a transaction: that would end it (tests run the worker in one)."""
    if not connection.in_atomic_block:
        close_old_connections()


def worker_queues() -> list[str]:
    """The default queue and every queue a registered task names."""
    names = {settings.TASKS_QUEUE} | {spec.queue for spec in task_specs() if spec.queue}
    return sorted(names)


def periodic_enqueue_due(*, now: datetime | None = None) -> int:
    """Enqueue each periodic task whose time has come. The schedule lives in the database and
    is moved on with a compare-and-set, so of several workers exactly one enqueues a turn."""
    from .models import PeriodicSchedule

    now = now or timezone.now()
    count = 0
    for schedule in schedules():
        known = _known_next_run.get(schedule.name)
        if known is not None and known > now:
            continue
        row, _created = PeriodicSchedule.objects.get_or_create(
            name=schedule.name, defaults={"next_run_at": now}
        )
        if row.next_run_at > now:
            _known_next_run[schedule.name] = row.next_run_at
            continue
        following = now + schedule.every  # no catching up on turns missed while stopped
        won = PeriodicSchedule.objects.filter(pk=row.pk, next_run_at=row.next_run_at).update(
            next_run_at=following, last_run_at=now
        )
        _known_next_run[schedule.name] = following
        if won:
            task_enqueue(schedule.name)
            count += 1
    return count


def periodic_forget() -> None:
    """Drop the in-process cache of schedule times (tests that move the clock)."""
    _known_next_run.clear()


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … capped at an hour, with ±20 % jitter so failures spread out."""
    base = min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS)
    return timedelta(seconds=base * random.uniform(0.8, 1.2))  # noqa: S311 - jitter, not secrets


def job_run(backend: Backend, job: Job) -> bool:
    """Run one claimed job and settle it. True when it succeeded."""
    spec = task_spec(job.name)
    if spec is None:
        log.error("task %s: not registered in this process", job.name)
        backend.fail(job, error="unknown task")
        return False
    if job.attempts > spec.max_attempts:  # its earlier runs died with their worker
        log.error("task %s: gave up after %s attempts", job.name, spec.max_attempts)
        backend.fail(job, error="attempts exhausted (the worker stopped during the run)")
        return False
    try:
        spec.func(**job.kwargs)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if job.attempts >= spec.max_attempts:
            log.exception("task %s failed for good after %s attempts", job.name, job.attempts)
            backend.fail(job, error=error)
        else:
            log.warning("task %s failed (attempt %s), retrying: %s", job.name, job.attempts, error)
            backend.retry(job, run_after=timezone.now() + retry_delay(job.attempts), error=error)
        return False
    backend.complete(job)
    return True


def tasks_run_due(*, queues: Sequence[str] | None = None, limit: int = ONCE_LIMIT) -> int:
    """Enqueue due periodic tasks, then run due jobs until none is left (or `limit`)."""
    backend = get_backend()
    queues = list(queues or worker_queues())
    periodic_enqueue_due()
    ran = 0
    while ran < limit:
        job = backend.claim(queues=queues, now=timezone.now())
        if job is None:
            break
        try:
            job_run(backend, job)
        finally:
            _tidy_connections()
        ran += 1
    return ran


def tasks_run_worker(
    *,
    once: bool = False,
    queues: Sequence[str] | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Run jobs until `stop` is set (or, with `once`, until nothing is due). Returns the number
    of jobs run. Between rounds with nothing to do it sleeps TASKS_POLL_SECONDS."""
    stop = stop or threading.Event()
    total = 0
    while not stop.is_set():
        _tidy_connections()
        try:
            ran = tasks_run_due(queues=queues)
        except Exception:
            if once:
                raise
            # The database or Redis is away: say so and try again after a pause.
            log.exception("task worker round failed")
            ran = 0
        total += ran
        if once:
            break
        if ran == 0:
            stop.wait(settings.TASKS_POLL_SECONDS)
    _tidy_connections()
    return total


def tasks_start_embedded_worker() -> bool:
    """Start the one worker thread of this process (idempotent). True if it started now."""
    global _embedded_thread
    with _embedded_lock:
        if _embedded_thread is not None and _embedded_thread.is_alive():
            return False
        embedded_stop.clear()
        _embedded_thread = threading.Thread(
            target=tasks_run_worker,
            kwargs={"stop": embedded_stop},
            name="tasks-embedded-worker",
            daemon=True,  # the web server's exit ends it; an interrupted job is leased again
        )
        _embedded_thread.start()
        log.info("embedded task worker started")
        return True
