"""Liveness and readiness probes (`/healthz`, `/readyz`)."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from .access import public

_migrations_applied: set[str] = set()  # aliases seen fully migrated; that only changes on deploy


def readiness_problem(alias: str = DEFAULT_DB_ALIAS) -> str | None:
    """None when ready, else a short machine-readable reason."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver error means "not ready", never a 500
        connection.close()
        return "database_unreachable"
    if alias not in _migrations_applied:
        try:
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except Exception:
            return "migrations_unreadable"
        if plan:
            return "migrations_pending"
        _migrations_applied.add(alias)
    return None


@public
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@public
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    problem = readiness_problem()
    if problem:
        return JsonResponse({"status": "unavailable", "reason": problem}, status=503)
    return JsonResponse({"status": "ready"})
