"""Background work: one API, several queue backends (docs/tasks.md).

Declare `@task(name="reports.reindex")` on a function taking keyword arguments only (in your
app's `tasks.py`), queue it with `task_enqueue("reports.reindex", agency_code="TN")`, and add
`@periodic(every=timedelta(minutes=5))` above `@task` to run it on a schedule.
"""

from .queue import task_enqueue
from .registry import periodic, task
from .worker import tasks_run_worker

__all__ = ["periodic", "task", "task_enqueue", "tasks_run_worker"]
