"""A citizen's dossier for one procedure: its answers and documents, supplements, fees,
apologies for lateness, and the result. Its life is a Case (kind "dossier")."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .catalogue import Procedure


class Delivery(models.TextChoices):
    ONLINE = "online", _("Electronic result in the app")
    POST = "post", _("By post")
    COUNTER = "counter", _("At the counter")


class Dossier(models.Model):
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="dossier")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="dossiers")
    answers = models.JSONField(default=dict)
    # The pair (case code, phone) opens the status lookup without signing in.
    contact_phone = models.CharField(max_length=16)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.ONLINE)
    post_address = models.CharField(max_length=300, blank=True)
    # The first appointment, as printed on the receipt (the case's due date moves with
    # supplements and apologies).
    appointment_at = models.DateTimeField()
    fee_amount = models.PositiveIntegerField(default=0)
    fee_paid_at = models.DateTimeField(null=True, blank=True)
    fee_reference = models.CharField(max_length=100, blank=True)
    result = models.ForeignKey(
        "cases.CaseAttachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")

    def __str__(self) -> str:
        return self.case.code


class DossierDocument(models.Model):
    """A file in one of the procedure's document slots; `round` 0 came with the dossier,
    n with the n-th supplement."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    slot = models.CharField(max_length=60)
    attachment = models.OneToOneField(
        "cases.CaseAttachment", on_delete=models.CASCADE, related_name="dossier_document"
    )
    round = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "slot", "id"]

    def __str__(self) -> str:
        return f"{self.slot} #{self.round}"


class DossierDraft(models.Model):
    """Answers saved before sending (files are attached when sending)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Indexed as the first column of one_draft_per_procedure.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "procedure"], name="one_draft_per_procedure")
        ]

    def __str__(self) -> str:
        return str(self.public_id)


class SupplementRequest(models.Model):
    """Yêu cầu bổ sung: exactly which documents and why, all at once."""

    # Indexed as the first column of one_supplement_per_round.
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="supplements", db_index=False
    )
    round = models.PositiveSmallIntegerField()
    # [{"slot": "<document code>", "reason": "…"}]
    items = models.JSONField()
    note = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "round"], name="one_supplement_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} #{self.round}"


class DossierApology(models.Model):
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả: a late dossier's new appointment."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="apologies")
    reason = models.TextField()
    old_due_at = models.DateTimeField(null=True)
    new_due_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.new_due_at:%Y-%m-%d}"
