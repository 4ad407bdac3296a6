"""The task API on the embedded (database) backend, and what every backend shares."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction

from openprovince.tasks import task, task_enqueue, tasks_run_worker
from openprovince.tasks.backends import get_backend
from openprovince.tasks.models import QueuedTask

pytestmark = pytest.mark.django_db
calls: list[dict] = []


@pytest.fixture(autouse=True)
def _tasks():
    calls.clear()

    @task(name="test.record")
    def record(**kwargs):
        calls.append(kwargs)

    @task(name="test.flaky", max_attempts=3)
    def flaky(*, fail_times: int):
        calls.append({"flaky": len(calls)})
        if len(calls) <= fail_times:
            raise RuntimeError("provider down")


def test_given_a_queued_task_when_the_worker_runs_once_then_it_runs_with_its_kwargs_and_is_gone():
    task_enqueue("test.record", case_code="A-1", count=2, tags=["x"], extra={})
    assert QueuedTask.objects.get().status == "queued" and calls == []
    assert tasks_run_worker(once=True) == 1
    assert calls == [{"case_code": "A-1", "count": 2, "tags": ["x"], "extra": {}}]
    assert not QueuedTask.objects.exists()


def test_given_bad_arguments_or_names_then_enqueue_and_registration_refuse():
    with pytest.raises(TypeError, match="JSON"):
        task_enqueue("test.record", when=object())
    with pytest.raises(LookupError):
        task_enqueue("test.no-such-task")
    with pytest.raises(TypeError, match="keyword-only"):

        @task(name="test.positional")
        def positional(a):
            return a

    with pytest.raises(ValueError, match="already"):

        @task(name="test.record")
        def other(**kwargs):
            return kwargs


def test_given_run_after_when_not_yet_due_then_it_waits(clock):
    task_enqueue("test.record", run_after=clock.now + timedelta(minutes=5), n=1)
    assert tasks_run_worker(once=True) == 0
    clock.advance(minutes=5, seconds=1)
    assert tasks_run_worker(once=True) == 1 and calls == [{"n": 1}]


def test_given_a_failing_task_then_retried_with_backoff_until_it_succeeds(clock):
    task_enqueue("test.flaky", fail_times=1)
    tasks_run_worker(once=True)
    row = QueuedTask.objects.get()
    assert (row.status, row.attempts) == ("queued", 1) and "provider down" in row.last_error
    assert row.run_after > clock.now  # backoff
    assert tasks_run_worker(once=True) == 0
    clock.advance(minutes=2)
    tasks_run_worker(once=True)
    assert len(calls) == 2 and not QueuedTask.objects.exists()


def test_given_a_task_failing_every_time_then_it_is_kept_as_failed_after_max_attempts(clock):
    task_enqueue("test.flaky", fail_times=99)
    for _ in range(5):
        tasks_run_worker(once=True)
        clock.advance(hours=2)
    row = QueuedTask.objects.get()
    assert (row.status, row.attempts, len(calls)) == ("failed", 3, 3)


def test_given_a_worker_killed_after_claiming_then_the_task_runs_after_the_lease(clock, settings):
    settings.TASKS_VISIBILITY_TIMEOUT = 60
    task_enqueue("test.record", n=1)
    claimed = get_backend().claim(queues=["default"], now=clock.now)  # ...and the worker dies
    assert claimed is not None and QueuedTask.objects.get().status == "running"
    assert tasks_run_worker(once=True) == 0  # leased: nobody else takes it
    clock.advance(seconds=61)
    assert tasks_run_worker(once=True) == 1 and calls == [{"n": 1}]
    # The dead worker's late acknowledgement no longer matches anything.
    get_backend().complete(claimed)


def test_given_a_rolled_back_transaction_then_its_task_is_not_queued():
    def failing_change():
        with transaction.atomic():
            task_enqueue("test.record", n=1)
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()
    assert not QueuedTask.objects.exists()


def test_given_the_immediate_backend_then_the_task_runs_after_commit(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS_BACKEND = "immediate"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        task_enqueue("test.record", n=1)
        assert calls == []
    assert calls == [{"n": 1}] and not QueuedTask.objects.exists()


def test_the_run_worker_command_runs_what_is_due():
    task_enqueue("test.record", n=7)
    call_command("run_worker", "--once", verbosity=0)
    assert calls == [{"n": 7}]


def test_the_embedded_worker_thread_starts_once_per_process(monkeypatch):
    from openprovince.tasks import worker

    started = []

    def fake_loop(*, stop):
        started.append(1)
        stop.wait(5)

    monkeypatch.setattr(worker, "tasks_run_worker", fake_loop)
    try:
        assert worker.tasks_start_embedded_worker() is True
        assert worker.tasks_start_embedded_worker() is False
    finally:
        worker.embedded_stop.set()
        assert worker._embedded_thread is not None
        worker._embedded_thread.join(5)
    assert started == [1]


def test_outside_a_transaction_the_worker_tidies_connections_between_jobs(monkeypatch):
    from types import SimpleNamespace

    from openprovince.tasks import worker

    tidied = []
    monkeypatch.setattr(worker, "close_old_connections", lambda: tidied.append(1))
    monkeypatch.setattr(worker, "connection", SimpleNamespace(in_atomic_block=False))
    task_enqueue("test.record", n=1)
    assert tasks_run_worker(once=True) == 1
    assert len(tidied) >= 2


def test_given_the_embedded_worker_setting_then_the_first_request_starts_it(
    settings, monkeypatch, client
):
    from django.apps import apps
    from django.core.signals import request_started

    from openprovince.tasks import worker

    started = []
    monkeypatch.setattr(worker, "tasks_start_embedded_worker", lambda: started.append(1))
    settings.TASKS_EMBEDDED_WORKER = True
    apps.get_app_config("tasks").ready()
    try:
        client.get("/healthz")
    finally:
        request_started.disconnect(dispatch_uid="tasks-embedded-worker")
    assert started
