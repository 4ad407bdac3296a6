"""Periodic tasks: enqueued once per interval, by one worker however many run."""

from datetime import timedelta

import pytest

from openprovince.tasks import periodic, task, tasks_run_worker
from openprovince.tasks.models import PeriodicSchedule, QueuedTask
from openprovince.tasks.worker import periodic_enqueue_due, periodic_forget

pytestmark = pytest.mark.django_db
ticks: list[int] = []


@pytest.fixture(autouse=True)
def _tick():
    ticks.clear()

    @periodic(every=timedelta(seconds=30))
    @task(name="test.tick")
    def tick():
        ticks.append(1)


def test_given_a_periodic_task_then_it_runs_once_per_interval(clock):
    assert tasks_run_worker(once=True) == 1 and ticks == [1]
    clock.advance(seconds=10)
    assert tasks_run_worker(once=True) == 0
    clock.advance(seconds=21)
    assert tasks_run_worker(once=True) == 1 and ticks == [1, 1]
    row = PeriodicSchedule.objects.get(name="test.tick")
    assert row.next_run_at == clock.now + timedelta(seconds=30) and row.last_run_at == clock.now


def test_given_two_workers_at_the_same_moment_then_only_one_enqueues_the_turn(clock):
    assert periodic_enqueue_due() == 1
    periodic_forget()  # a second process knows nothing of the first one's cache
    assert periodic_enqueue_due() == 0
    assert QueuedTask.objects.filter(name="test.tick").count() == 1


def test_given_a_stopped_worker_then_missed_turns_are_not_caught_up(clock):
    tasks_run_worker(once=True)
    clock.advance(hours=3)
    tasks_run_worker(once=True)
    assert ticks == [1, 1]


def test_periodic_goes_above_task_and_not_too_often():
    with pytest.raises(TypeError):

        @periodic(every=timedelta(minutes=1))
        def plain():
            return None

    with pytest.raises(ValueError, match="every second"):
        periodic(every=timedelta(milliseconds=10))
