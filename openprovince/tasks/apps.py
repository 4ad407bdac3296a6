from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.signals import request_started
from django.utils.module_loading import autodiscover_modules


class TasksConfig(AppConfig):
    name = "openprovince.tasks"
    label = "tasks"
    verbose_name = "Background tasks"

    def ready(self) -> None:
        autodiscover_modules("tasks")  # each app's tasks.py registers its tasks and schedules
        if settings.TASKS_EMBEDDED_WORKER:
            # Started by the first request, not here: management commands (migrate,
            # run_worker) and runserver's reloader parent never serve one, so they never
            # start a second worker. Infrastructure, not domain flow (docs/tasks.md).
            request_started.connect(_start_worker, dispatch_uid="tasks-embedded-worker")


def _start_worker(**kwargs: Any) -> None:
    from .worker import tasks_start_embedded_worker

    tasks_start_embedded_worker()
