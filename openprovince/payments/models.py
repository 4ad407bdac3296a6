"""Orders, payment attempts, refunds and the append-only ledger (docs/payments.md).

Money is integer VND everywhere. An order says what is paid for and to whom; each try to pay
it through a provider is an attempt with its own reference at that provider; money that moved
is a ledger entry, written once per provider transaction (a unique constraint), never changed.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PayeeAccount(models.Model):
    """A bank account an agency (a school, a ward) receives VietQR transfers on."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="payee_accounts"
    )
    bank_bin = models.CharField(_("bank BIN (6 digits)"), max_length=6)
    account_number = models.CharField(_("account number"), max_length=19)
    account_name = models.CharField(_("account holder"), max_length=120)
    is_default = models.BooleanField(_("default account"), default=True)

    class Meta:
        verbose_name = _("payee account")
        verbose_name_plural = _("payee accounts")

    def __str__(self) -> str:
        return f"{self.bank_bin}/{self.account_number} ({self.account_name})"


class Order(models.Model):
    """Something a person pays one agency for, in one amount made of lines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Short, unambiguous, upper case: it travels in bank transfer texts and gateway fields.
    reference = models.CharField(max_length=16, unique=True)
    purpose = models.CharField(max_length=40)  # who handles it once paid ("tuition", …)
    description = models.CharField(max_length=200)
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3, default="VND")
    payee = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payment_orders",
    )
    payer_name = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    refunded_amount = models.BigIntegerField(default=0)
    expires_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        "PaymentAttempt", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["status", "expires_at"], name="payorder_status_exp_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payorder_amount_pos")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount} VND ({self.status})"


class OrderLine(models.Model):
    """One thing an order pays for, e.g. one tuition bill (`subject` = "tuition.bill:<id>")."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    subject = models.CharField(max_length=80, db_index=True)
    description = models.CharField(max_length=200)
    amount = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.subject}: {self.amount}"


class PaymentAttempt(models.Model):
    """One try to pay an order through one provider."""

    class Status(models.TextChoices):
        CREATED = "created", _("Started")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="attempts")
    provider = models.CharField(max_length=20)
    # Our reference for this attempt at the provider (vnp_TxnRef, app_trans_id, orderId…).
    provider_ref = models.CharField(max_length=64)
    # The provider's own transaction number, once it tells us.
    provider_txn_id = models.CharField(max_length=64, blank=True)
    # The provider's id of an order the payer's app created (Zalo Checkout's orderId, which
    # only the mini app learns and reports): what a status query needs. Never trusted alone.
    provider_order_id = models.CharField(max_length=64, blank=True)
    amount = models.BigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CREATED)
    result_code = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    queried_at = models.DateTimeField(null=True, blank=True)
    queries = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_ref"], name="payattempt_provider_ref_uniq"
            ),
            models.UniqueConstraint(
                fields=["provider", "provider_txn_id"],
                condition=~models.Q(provider_txn_id=""),
                name="payattempt_provider_txn_uniq",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="payattempt_status_idx")]

    def __str__(self) -> str:
        return f"{self.provider}:{self.provider_ref} ({self.status})"


class LedgerEntry(models.Model):
    """Money that moved: + a payment received, − a refund sent. Append-only; one entry per
    provider transaction and kind, so a replayed callback cannot count money twice."""

    class Kind(models.TextChoices):
        PAYMENT = "payment", _("Payment")
        REFUND = "refund", _("Refund")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="ledger")
    attempt = models.ForeignKey(
        PaymentAttempt, null=True, on_delete=models.PROTECT, related_name="ledger"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.BigIntegerField()  # signed VND
    provider = models.CharField(max_length=20)
    provider_txn_id = models.CharField(max_length=64)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "provider", "provider_txn_id"], name="ledger_txn_uniq"
            )
        ]
        ordering = ["id"]
        verbose_name_plural = _("ledger entries")

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.provider}:{self.provider_txn_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("ledger entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("ledger entries are append-only")


class Refund(models.Model):
    """Money sent back for a paid order (all or part), through the provider that took it."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SUCCEEDED = "succeeded", _("Refunded")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="refunds")
    attempt = models.ForeignKey(PaymentAttempt, on_delete=models.PROTECT, related_name="refunds")
    amount = models.BigIntegerField()
    reason = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    provider_refund_id = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"refund {self.amount} of {self.order_id} ({self.status})"


class Mismatch(models.Model):
    """Something reconciliation or a callback found that a person must look at: money for an
    unknown order, a wrong amount, an order paid twice."""

    class Kind(models.TextChoices):
        UNKNOWN_ORDER = "unknown_order", _("Payment for an unknown order")
        WRONG_AMOUNT = "wrong_amount", _("Amount differs from the order")
        PAID_TWICE = "paid_twice", _("Order paid more than once")
        PAID_AFTER_CANCEL = "paid_after_cancel", _("Paid after the order was cancelled")
        PROVIDER_DISAGREES = "provider_disagrees", _("Provider reports another status")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    provider = models.CharField(max_length=20)
    provider_ref = models.CharField(max_length=64, blank=True)
    provider_txn_id = models.CharField(max_length=64, blank=True)
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.SET_NULL)
    amount = models.BigIntegerField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reported_at = models.DateTimeField(null=True, blank=True)  # admins told
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name_plural = _("mismatches")
        constraints = [
            # The same finding (e.g. a replayed callback with a wrong amount) is kept once.
            models.UniqueConstraint(
                fields=["kind", "provider", "provider_ref", "provider_txn_id"],
                name="mismatch_finding_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.provider}:{self.provider_ref}"
