"""Tuition bills (học phí): what a school asks a student's family to pay, imported by school
staff, looked up by parents without an account and paid through the payments core."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BillImport(models.Model):
    """One file of bills a school's staff uploaded, and what became of each row."""

    school = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"row": n, "message": "…"}]
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d})"


class TuitionBill(models.Model):
    """One student's bill for one term at one school."""

    class Status(models.TextChoices):
        UNPAID = "unpaid", _("Unpaid")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Indexed as the first column of tuition_school_idx.
    school = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    student_code = models.CharField(max_length=20)
    student_name = models.CharField(max_length=120)
    birth_date = models.DateField()
    class_name = models.CharField(max_length=40)
    term = models.CharField(max_length=60)
    items = models.JSONField(default=list)  # [{"label": "Học phí", "amount": 500000}, …]
    amount = models.BigIntegerField()
    due_date = models.DateField()
    # The family's phone as the school has it (normalised +84…): a second way to look up.
    guardian_phone = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UNPAID)
    paid_order = models.ForeignKey(
        "payments.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    source = models.ForeignKey(
        BillImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="bills"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "student_code", "term"], name="tuition_bill_student_term_uniq"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="tuition_amount_pos"),
        ]
        indexes = [
            # Parents look up by student code alone (then the birth date or phone is checked).
            models.Index(fields=["student_code", "status"], name="tuition_code_status_idx"),
            models.Index(fields=["school", "status", "due_date"], name="tuition_school_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.student_code} {self.term}: {self.amount}"
