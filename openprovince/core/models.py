from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """A counter per kind of public content, bumped by every write to that content.

    Cached pages include the counters they depend on in their cache key, so a change shows at
    once in this process and within `content_versions.LOCAL_TTL` seconds in other processes,
    even with a per-process cache.
    """

    namespace = models.CharField(max_length=50, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.namespace}@{self.version}"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise PermissionError("the audit log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("the audit log is append-only")


class AuditEvent(models.Model):
    """Who did what, when (UTC) and from where. Append-only: the application never updates or
    deletes a row (the model and its queryset refuse); only `audit_record` writes."""

    ROW_INSERT_SAFE = True  # save() only refuses updates: core.rows.row_insert may add rows
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Indexed as the first column of audit_actor_at_idx.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    # Kept even if the account is later anonymised, so the record still says who acted.
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    success = models.BooleanField(default=True)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=80, blank=True)  # audit_target_idx
    agency_code = models.CharField(max_length=40, blank=True)  # audit_agency_idx
    ip = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # Meta indexes, not db_index: PostgreSQL then adds no second (LIKE) index for each,
            # which only a prefix search would use (the back office searches `action` so).
            models.Index(fields=["target_id"], name="audit_target_idx"),
            models.Index(fields=["agency_code"], name="audit_agency_idx"),
            models.Index(fields=["actor", "at"], name="audit_actor_at_idx"),
            # Throttles count recent events of one kind from one address (reports, lookups).
            models.Index(fields=["ip", "action", "at"], name="audit_ip_action_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("the audit log is append-only")


class Holiday(models.Model):
    """A date that breaks the usual working week: a public holiday, a half day, or a Saturday
    worked to make up for a long break. Admins keep one list per year, as the government
    announces it; write only through `working_time.holiday_save` / `holiday_delete`, which
    refresh the cached calendar."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("day off")
        HALF_DAY = "half_day", _("half day (morning only)")
        WORKING_DAY = "working_day", _("substitute working day")

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)  # in Vietnamese, as announced
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DAY_OFF)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


from .idempotency_models import IdempotencyRecord  # noqa: E402  (registers the model)

__all__ = ["AuditEvent", "ContentVersion", "Holiday", "IdempotencyRecord"]
