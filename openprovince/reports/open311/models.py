from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IntegratorKey(models.Model):
    """An API key issued by a platform admin to another system that files reports through
    Open311. Only a keyed hash is stored (accounts.hashing): the key is shown once, when it
    is made, and cannot be read back. Disable a key instead of deleting it, so its audit
    trail and its reports keep their meaning."""

    name = models.CharField(_("name"), max_length=120)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self) -> str:
        return self.name
