from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ConsentPurpose(models.Model):
    """One purpose a person can agree to (Law 91/2025/QH15: consent per purpose).

    The text is versioned: a change makes a new version, and each consent keeps the version
    it was given for, so what the person saw can be reproduced.
    """

    # Indexed as the first column of unique_purpose_version.
    code = models.SlugField(max_length=60, db_index=False)
    version = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    text = models.TextField(_("text (Vietnamese)"))
    text_en = models.TextField(_("text (English)"), blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_purpose_version")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def display_title(self) -> str:
        return self.title_en if get_language() == "en" and self.title_en else self.title

    @property
    def display_text(self) -> str:
        return self.text_en if get_language() == "en" and self.text_en else self.text


class Consent(models.Model):
    """A person's yes to one purpose version; withdrawing sets withdrawn_at (rows are kept)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.ForeignKey(ConsentPurpose, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=10, default="web")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.purpose}"
