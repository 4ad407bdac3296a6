from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

NO_DUE_DATE = datetime(9999, 12, 31, tzinfo=UTC)


class DueSortField(models.DateTimeField):
    """The case's due_at, or far in the future when there is none: the inbox sorts on it with
    an index (NULLs sort differently on SQLite and PostgreSQL and defeat the index). Taken
    from due_at whenever the row is written."""

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        value = model_instance.due_at or NO_DUE_DATE
        setattr(model_instance, self.attname, value)
        return value


class WorkflowDefinition(models.Model):
    """One version of a kind's workflow (data; see workflow.py). Saving a change makes a new
    version; cases keep the version they started with."""

    # Indexed as the first column of unique_workflow_version.
    kind = models.SlugField(max_length=40, db_index=False)
    version = models.PositiveIntegerField()
    data = models.JSONField()
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="unique_workflow_version")
        ]
        ordering = ["kind", "-version"]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version}"


class CaseCodeCounter(models.Model):
    """Per-prefix daily sequence behind public codes like `H56-261128-0001`."""

    prefix = models.CharField(max_length=80, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last}"


class Case(models.Model):
    """Any citizen request an agency handles within a deadline. Module models (a report, a
    dossier…) link one-to-one to their Case. Overdue is derived from the due date, never
    stored as a state."""

    # save() only widens update_fields, which an insert has none of (due_sort fills itself).
    ROW_INSERT_SAFE = True  # core.rows.row_insert may add rows

    class Channel(models.TextChoices):
        WEB = "web", _("Web")
        ZALO = "zalo", _("Zalo")
        API = "api", _("API")
        COUNTER = "counter", _("Counter")

    class Priority(models.IntegerChoices):
        NORMAL = 0, _("Normal")
        HIGH = 1, _("High")
        URGENT = 2, _("Urgent")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(max_length=80, unique=True)
    kind = models.SlugField(max_length=40, db_index=False)  # indexed by case_kind_idx
    definition = models.ForeignKey(WorkflowDefinition, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    state = models.CharField(max_length=40)
    # Indexed as the first column of case_inbox_idx.
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    # Indexed as the first column of case_assignee_idx.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
        db_index=False,
    )
    # Indexed as the first column of case_applicant_idx.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        db_index=False,
    )
    # Indexed by case_business_idx, on a business's cases only.
    business = models.ForeignKey(
        "accounts.Business",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        db_index=False,
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    priority = models.SmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    state_entered_at = models.DateTimeField()
    state_due_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    due_sort = DueSortField(default=NO_DUE_DATE, editable=False)
    # While the clock is paused (e.g. waiting for the citizen), due dates are frozen here.
    paused_at = models.DateTimeField(null=True, blank=True)
    remaining_seconds = models.BigIntegerField(null=True, blank=True)
    state_remaining_seconds = models.BigIntegerField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    # Bumped by every change; forms carry it so a stale page cannot overwrite a newer state.
    version = models.PositiveIntegerField(default=1)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_comment = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [
            # A Meta index, not db_index: PostgreSQL then adds no second (LIKE) index for it.
            models.Index(fields=["kind"], name="case_kind_idx"),
            models.Index(fields=["agency", "closed_at", "due_at"], name="case_inbox_idx"),
            models.Index(fields=["applicant", "-updated_at"], name="case_applicant_idx"),
            models.Index(fields=["assignee", "closed_at"], name="case_assignee_idx"),
            models.Index(fields=["closed_at", "paused_at", "due_at"], name="case_overdue_idx"),
            # Inbox order. SQLite walks the first (equality on closed_at, then the order);
            # PostgreSQL will not walk an index for ORDER BY after "IS NULL" on its first
            # column, but walks the second, partial one. Each planner picks its own.
            models.Index(
                fields=["closed_at", "due_sort", "-priority", "id"], name="case_inbox_order_idx"
            ),
            models.Index(
                fields=["due_sort", "-priority", "id"],
                name="case_open_order_idx",
                condition=models.Q(closed_at__isnull=True),
            ),
            # Partial: a citizen's case (most) adds no entry.
            models.Index(
                fields=["business"],
                name="case_business_idx",
                condition=models.Q(business__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "due_at" in update_fields:
            kwargs["update_fields"] = {*update_fields, "due_sort"}
        super().save(*args, **kwargs)


class CaseEvent(models.Model):
    """Append-only history: who did what, from which state to which, with which note."""

    ROW_INSERT_SAFE = True  # save() only refuses updates: core.rows.row_insert may add rows
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40, blank=True)
    note = models.TextField(blank=True)
    is_public = models.BooleanField(default=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("case history is append-only")
        super().save(*args, **kwargs)


class CaseComment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(max_length=150, blank=True)
    body = models.TextField()
    is_internal = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"comment on {self.case_id}"


class CaseAttachment(models.Model):
    """A file on a case, stored privately; served only after a permission check."""

    STORED_NAME_FIELDS = ("storage_name", "thumbnail_name")  # core.uploads.sweeping

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    storage_name = models.CharField(max_length=255)
    thumbnail_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=150)
    is_internal = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name
