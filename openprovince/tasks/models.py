from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QueuedTask(models.Model):
    """A job of the `embedded` backend. Done jobs are deleted; failed ones stay for admins."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        FAILED = "failed", _("failed")

    name = models.CharField(max_length=120)
    queue = models.CharField(max_length=60, default="default")
    kwargs = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    run_after = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["queue", "status", "run_after"], name="task_due_idx")]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk} ({self.status})"


class PeriodicSchedule(models.Model):
    """When a periodic task is next due, shared by every worker (whichever moves it first runs
    it), whatever the queue backend."""

    name = models.CharField(max_length=120, unique=True)
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
