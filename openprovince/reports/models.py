from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ReportCategory(models.Model):
    """What can be reported, who handles it and how fast (admin-managed data)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    icon = models.SlugField(_("icon"), max_length=40, default="pin")
    # Handled by the deepest agency of one of these types at the place (communes and wards are
    # both the local level, so street problems name both).
    agency_types = models.ManyToManyField(
        "agencies.AgencyType", verbose_name=_("handled by"), related_name="+"
    )
    sla_working_days = models.PositiveSmallIntegerField(_("deadline (working days)"), default=5)
    duplicate_radius_m = models.PositiveIntegerField(_("duplicate radius (m)"), default=200)
    duplicate_days = models.PositiveSmallIntegerField(_("duplicates within (days)"), default=30)
    # Extra questions: [{"code", "label", "label_en", "type": text|number|yesno|select,
    #                    "required": bool, "options": [{"key", "label", "label_en"}]}]
    questions = models.JSONField(_("extra questions"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("report category")
        verbose_name_plural = _("report categories")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


class Report(models.Model):
    """A report of a problem at a place; its life is a Case (kind "report")."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="report")
    # Indexed as the first column of report_nearby_idx.
    category = models.ForeignKey(
        ReportCategory, on_delete=models.PROTECT, related_name="reports", db_index=False
    )
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    address = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    answers = models.JSONField(default=dict, blank=True)
    show_name = models.BooleanField(default=False)  # the reporter chose to be named publicly
    supporters = models.PositiveIntegerField(default=0)  # "me too" count (followers excluded)
    # Indexed by report_duplicate_of_idx, on merged reports only.
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        db_index=False,
    )
    # Moderation: hidden parts never reach the public pages or the public APIs.
    description_hidden = models.BooleanField(default=False)
    is_public = models.BooleanField(default=True)
    # Denormalised from the case for fast public lists and maps (kept by the services).
    # Indexed as the first column of report_list_idx.
    status = models.CharField(max_length=20, default="open")  # open | closed
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["category", "status", "lat", "lng"], name="report_nearby_idx"),
            # The map's box: everything its first step reads is in the index (the id too, for
            # PostgreSQL), so the newest reports in a box are found without reading the table.
            models.Index(
                fields=["lat", "lng", "is_public", "created_at", "id"], name="report_box_idx"
            ),
            models.Index(fields=["status", "-created_at"], name="report_list_idx"),
            # The public list and the map: newest first over the public reports. Partial, so
            # the list's bounded count is read from the index alone (no table lookups).
            models.Index(
                fields=["-created_at", "-id"],
                name="report_public_recent_idx",
                condition=models.Q(is_public=True),
            ),
            # Partial: a new report (never a duplicate yet) adds no entry.
            models.Index(
                fields=["duplicate_of"],
                name="report_duplicate_of_idx",
                condition=models.Q(duplicate_of__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.case.code


class ReportPhoto(models.Model):
    STORED_NAME_FIELDS = ("storage_name", "thumbnail_name")  # core.uploads.sweeping

    class Kind(models.TextChoices):
        BEFORE = "before", _("Before")
        AFTER = "after", _("After")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.BEFORE)
    storage_name = models.CharField(max_length=255)
    thumbnail_name = models.CharField(max_length=255, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.kind} photo of {self.report_id}"


class ReportFollow(models.Model):
    """Someone who wants updates on a report ("me too" supporters follow it as well)."""

    # Indexed as the first column of unique_report_follow.
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="follows", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_follows"
    )
    supports = models.BooleanField(default=False)  # "this is my problem too"
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], name="unique_report_follow")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.report_id}"


class AreaFollow(models.Model):
    """Updates on new reports in a commune/ward."""

    # Indexed as the first column of unique_area_follow.
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="area_follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "user"], name="unique_area_follow")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows area {self.agency_id}"


class ReportDraft(models.Model):
    """A guest's checked report (photos already stored) waiting for them to sign in; the
    browser keeps only its random id. Drafts older than a day are worthless."""

    STORED_FILES_SCAN = True  # its photos' names are in `data` (core.uploads.sweeping)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session_key = models.CharField(max_length=64, db_index=True)
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.public_id)

    def stored_files(self) -> list[str]:
        """Its photos and their thumbnails, as named in storage."""
        return draft_photo_names(self.data)


def draft_photo_names(data: Any) -> list[str]:
    """The storage names of a draft's photos and thumbnails, from its `data`."""
    photos = data.get("photos", []) if isinstance(data, dict) else []
    return [p[key] for p in photos for key in ("name", "thumbnail") if p.get(key)]
