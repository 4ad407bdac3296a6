from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Business(models.Model):
    """A business identity citizens can act for, once an official has verified it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tax_code = models.CharField(_("tax code"), max_length=13, unique=True)
    name = models.CharField(_("business name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="businesses",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejected_reason = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.tax_code})"


class BusinessMember(models.Model):
    """A citizen who acts for a business. Active only after an official approves."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        ACTIVE = "active", _("Verified")
        REJECTED = "rejected", _("Rejected")

    # Indexed as the first column of unique_business_member.
    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="members", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="business_memberships"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["business", "user"], name="unique_business_member")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} for {self.business_id} ({self.status})"
