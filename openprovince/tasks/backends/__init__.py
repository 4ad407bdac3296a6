"""Queue backends, chosen by the TASKS_BACKEND setting: `embedded` (a database table, the
default), `redis` (several worker machines), `immediate` (run at once; tests and scripts)."""

from __future__ import annotations

from django.conf import settings

from .base import Backend, Job

__all__ = ["BACKENDS", "Backend", "Job", "get_backend"]
BACKENDS = ("embedded", "redis", "immediate")


def get_backend() -> Backend:
    name = settings.TASKS_BACKEND
    if name == "embedded":
        from .database import DatabaseBackend

        return DatabaseBackend()
    if name == "redis":
        from .redis_queue import RedisBackend

        return RedisBackend()
    if name == "immediate":
        from .immediate import ImmediateBackend

        return ImmediateBackend()
    raise ValueError(f"unknown TASKS_BACKEND {name!r}")  # settings validate this first
