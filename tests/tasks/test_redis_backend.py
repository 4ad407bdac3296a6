"""The task API on the redis backend, against the real Redis at 127.0.0.1:6379 (CI runs it);
each test uses its own queue name and deletes its keys afterwards."""

import os
import uuid
from datetime import timedelta

import pytest
import redis
from django.db import transaction

from openprovince.tasks import task, task_enqueue, tasks_run_worker
from openprovince.tasks.backends import get_backend
from openprovince.tasks.backends.redis_queue import queue_keys, redis_client

pytestmark = pytest.mark.django_db
calls: list[dict] = []


@pytest.fixture(autouse=True)
def redis_queue(settings):
    settings.TASKS_BACKEND = "redis"
    settings.TASKS_REDIS_URL = "redis://127.0.0.1:6379/0"
    settings.TASKS_QUEUE = f"test-{uuid.uuid4().hex}"
    client = redis_client()
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail("Redis at 127.0.0.1:6379 is required in CI")
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    calls.clear()

    @task(name="test.redis.record")
    def record(**kwargs):
        calls.append(kwargs)

    @task(name="test.redis.broken", max_attempts=2)
    def broken():
        calls.append({"broken": True})
        raise RuntimeError("always")

    yield settings.TASKS_QUEUE
    client.delete(*queue_keys(settings.TASKS_QUEUE))


@pytest.fixture
def enqueue(django_capture_on_commit_callbacks):
    """task_enqueue as outside a transaction (each test runs inside one)."""

    def push(name, /, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            task_enqueue(name, **kwargs)

    return push


def test_given_a_task_on_redis_when_the_worker_runs_then_it_runs_once_and_the_queue_is_empty(
    redis_queue, enqueue
):
    enqueue("test.redis.record", n=1, name="Tây Ninh")
    ready, processing, delayed, _failed = queue_keys(redis_queue)
    assert redis_client().llen(ready) == 1
    assert tasks_run_worker(once=True) == 1
    assert calls == [{"n": 1, "name": "Tây Ninh"}]
    client = redis_client()
    assert (client.llen(ready), client.zcard(processing), client.zcard(delayed)) == (0, 0, 0)


def test_given_a_worker_killed_mid_task_then_the_task_comes_back_after_the_visibility_timeout(
    redis_queue, clock, settings, enqueue
):
    settings.TASKS_VISIBILITY_TIMEOUT = 30
    enqueue("test.redis.record", n=2)
    claimed = get_backend().claim(queues=[redis_queue], now=clock.now)  # the worker dies here
    assert claimed is not None and claimed.attempts == 1
    assert tasks_run_worker(once=True) == 0  # still leased
    clock.advance(seconds=31)
    assert tasks_run_worker(once=True) == 1 and calls == [{"n": 2}]
    assert redis_client().zcard(queue_keys(redis_queue)[1]) == 0


def test_given_run_after_then_the_job_waits_in_the_delayed_set(redis_queue, clock, enqueue):
    enqueue("test.redis.record", run_after=clock.now + timedelta(minutes=10), n=3)
    assert redis_client().zcard(queue_keys(redis_queue)[2]) == 1
    assert tasks_run_worker(once=True) == 0
    clock.advance(minutes=10, seconds=1)
    assert tasks_run_worker(once=True) == 1 and calls == [{"n": 3}]


def test_given_a_task_failing_every_time_then_it_ends_in_the_failed_list(
    redis_queue, clock, enqueue
):
    enqueue("test.redis.broken")
    for _ in range(4):
        tasks_run_worker(once=True)
        clock.advance(hours=1)
    failed = redis_client().lrange(queue_keys(redis_queue)[3], 0, -1)
    assert len(calls) == 2 and len(failed) == 1 and b"always" in failed[0]


def test_given_a_transaction_then_the_job_is_pushed_only_on_commit(
    redis_queue, django_capture_on_commit_callbacks
):
    ready = queue_keys(redis_queue)[0]

    def failing_change():
        with transaction.atomic():
            task_enqueue("test.redis.record", n=4)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        failing_change()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        task_enqueue("test.redis.record", n=5)
        assert redis_client().llen(ready) == 0
    assert redis_client().llen(ready) == 1
    tasks_run_worker(once=True)
    assert calls == [{"n": 5}]
