"""Which functions are tasks and which run on a schedule (filled at import time).

`@task(name=...)` registers a function that takes keyword arguments only; `@periodic(every=...)`
on top of it makes the worker enqueue it on that interval. Modules declare their tasks in
`<app>/tasks.py`, which `TasksConfig.ready()` imports for every installed app.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
TASK_NAME_ATTR = "task_name"


@dataclass(frozen=True)
class TaskSpec:
    name: str
    func: Callable[..., Any]
    queue: str | None  # None: the TASKS_QUEUE setting at enqueue time
    max_attempts: int

    @property
    def origin(self) -> str:
        return f"{self.func.__module__}.{self.func.__qualname__}"


@dataclass(frozen=True)
class Schedule:
    name: str  # the task's name
    every: timedelta


_tasks: dict[str, TaskSpec] = {}
_schedules: dict[str, Schedule] = {}


def task(*, name: str, queue: str | None = None, max_attempts: int = 3) -> Callable[[F], F]:
    """Register `func` as the task `name`. Arguments travel as JSON, so keyword-only."""
    if not name or len(name) > 120:
        raise ValueError("a task name is 1 to 120 characters")
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")

    def decorator(func: F) -> F:
        for parameter in inspect.signature(func).parameters.values():
            if parameter.kind not in (parameter.KEYWORD_ONLY, parameter.VAR_KEYWORD):
                raise TypeError(f"task {name!r}: parameter {parameter.name!r} must be keyword-only")
        spec = TaskSpec(name=name, func=func, queue=queue, max_attempts=max_attempts)
        known = _tasks.get(name)
        # Importing a module twice (autoreload, tests) registers the same function again: fine.
        if known is not None and known.origin != spec.origin:
            raise ValueError(f"task {name!r} is already {known.origin}")
        _tasks[name] = spec
        setattr(func, TASK_NAME_ATTR, name)
        return func

    return decorator


def periodic(*, every: timedelta) -> Callable[[F], F]:
    """Run a task every `every` (put it above `@task`). One worker wins each turn."""
    if every < timedelta(seconds=1):
        raise ValueError("a periodic task runs at most every second")

    def decorator(func: F) -> F:
        name = getattr(func, TASK_NAME_ATTR, None)
        if name is None:
            raise TypeError("@periodic goes above @task(name=...)")
        _schedules[name] = Schedule(name=name, every=every)
        return func

    return decorator


def task_spec(name: str) -> TaskSpec | None:
    return _tasks.get(name)


def task_specs() -> list[TaskSpec]:
    return list(_tasks.values())


def schedules() -> list[Schedule]:
    return list(_schedules.values())
