"""News and announcements (tin tức, thông báo) written by agencies for citizens.

An article belongs to the agency that publishes it and targets the whole province or chosen
communes/wards. It is written as a draft, sent for approval when the agency's setting asks
for it, then published now or at a set time, until it expires or is taken down. Every save
keeps a revision. An urgent article is also sent to everyone who follows its area
(`NewsAreaFollow`), once per person (`NewsRecipient`), through the notification outbox.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

PUBLIC_ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: read aloud or typed


def new_public_id() -> str:
    return "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(10))


class NewsCategory(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


class AgencyNewsSetting(models.Model):
    """Whether an agency's articles need an approver before they go out (no row: they do)."""

    agency = models.OneToOneField(
        "agencies.Agency", on_delete=models.CASCADE, related_name="news_setting"
    )
    requires_approval = models.BooleanField(_("articles need approval"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"news setting of {self.agency_id}"


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Waiting for approval")
        RETURNED = "returned", _("Sent back for changes")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Taken down")

    public_id = models.CharField(max_length=12, unique=True, default=new_public_id, editable=False)
    # Indexed as the first column of news_agency_idx.
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.ForeignKey(NewsCategory, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=400, blank=True)
    body_html = models.TextField(blank=True)  # sanitised on every save (news/sanitise.py)
    body_text = models.TextField(blank=True)  # its plain text: plain view, read aloud, search
    is_urgent = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    whole_province = models.BooleanField(default=True)
    areas = models.ManyToManyField("agencies.Agency", blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(null=True, blank=True)  # wanted time; set when published
    expires_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    return_note = models.CharField(max_length=500, blank=True)
    revision = models.PositiveIntegerField(default=0)
    broadcast_at = models.DateTimeField(null=True, blank=True)  # urgent alert sent out
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "publish_at"], name="news_visible_idx"),
            models.Index(fields=["agency", "status"], name="news_agency_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def stored_files(self) -> list[str]:
        """Every file its pictures and attachments keep in storage."""
        images = [name for image in self.images.all() for name in image.stored_files()]
        return images + [attachment.name for attachment in self.attachments.all()]


class ArticleRevision(models.Model):
    """The article as one save left it; never changed afterwards."""

    # Indexed as the first column of unique_news_revision.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="revisions", db_index=False
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=400, blank=True)
    body_html = models.TextField(blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="unique_news_revision")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} r{self.number}"


class ArticleImage(models.Model):
    """One picture: WebP in several widths (for `srcset`) and a JPEG/PNG fallback."""

    STORED_FILES_SCAN = True  # the variants' names are in JSON (core.uploads.sweeping)

    public_id = models.CharField(max_length=12, unique=True, default=new_public_id, editable=False)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    alt = models.CharField(max_length=200, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    fallback_name = models.CharField(max_length=200)
    fallback_type = models.CharField(max_length=20)
    variants = models.JSONField(default=list)  # [{"width", "height", "name"}], narrowest first
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"image {self.public_id} of {self.article_id}"

    def stored_files(self) -> list[str]:
        """Its fallback and every WebP variant, as named in storage."""
        return [self.fallback_name, *(v["name"] for v in self.variants)]


class ArticleAttachment(models.Model):
    STORED_NAME_FIELDS = ("name",)  # core.uploads.sweeping

    public_id = models.CharField(max_length=12, unique=True, default=new_public_id, editable=False)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(max_length=200)
    name = models.CharField(max_length=200)  # storage name
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class NewsAreaFollow(models.Model):
    """A person who wants urgent notices for a commune/ward (chosen on the news page)."""

    # Indexed as the first column of unique_news_follow.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="news_follows",
        db_index=False,
    )
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="unique_news_follow")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows news of {self.agency_id}"


class NewsRecipient(models.Model):
    """Who an urgent article was sent to: at most once each, however often the task runs."""

    # Indexed as the first column of unique_news_recipient.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="recipients", db_index=False
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="unique_news_recipient")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.user_id}"
