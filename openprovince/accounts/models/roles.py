from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What an official may do in an agency and everything below it, in rising order."""

    VIEWER = "viewer", _("Viewer")
    HANDLER = "handler", _("Handler")
    APPROVER = "approver", _("Approver")
    AGENCY_ADMIN = "agency_admin", _("Agency admin")
    PROVINCE_ADMIN = "province_admin", _("Province admin")


class RoleAssignment(models.Model):
    # Indexed as the first column of unique_role_per_agency.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles", db_index=False
    )
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="unique_role_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} @ {self.agency_id}"
