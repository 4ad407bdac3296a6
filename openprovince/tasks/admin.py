from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import PeriodicSchedule, QueuedTask


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(QueuedTask)
class QueuedTaskAdmin(ReadOnlyAdmin):
    """What is queued, and the jobs that failed for good (embedded backend)."""

    list_display = ("id", "name", "queue", "status", "attempts", "run_after", "created_at")
    list_filter = ("status", "queue", "name")
    search_fields = ("name",)
    ordering = ("-id",)


@admin.register(PeriodicSchedule)
class PeriodicScheduleAdmin(ReadOnlyAdmin):
    list_display = ("name", "next_run_at", "last_run_at")
