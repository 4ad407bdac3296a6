"""The "Cửa hàng 4.0" shop registry: small shops that accept cashless payment, registered by
their owners, verified by their ward, listed in a public directory with a VietQR standee.

A shop is registered as a draft, then submitted: a verification request (a Case of kind
"shop") goes to the ward that holds its location. Approval makes the shop public and gives it a
certificate code. Changes to an approved shop are a new request holding the proposed values
(`ShopRequest.proposed`); the public keeps seeing the approved values until it is approved.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ShopCategory(models.Model):
    """A kind of business (grocery, eatery, pharmacy…): admin-managed data."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    name_en = models.CharField(max_length=80, blank=True)
    icon = models.CharField(max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = _("shop categories")

    def __str__(self) -> str:
        return self.name


class PaymentMethod(models.TextChoices):
    """Cashless ways a shop is paid; VietQR is implied by a bank account."""

    VIETQR = "vietqr", _("Bank transfer (VietQR)")
    CARD = "card", _("Bank card")
    MOMO = "momo", _("MoMo")
    ZALOPAY = "zalopay", _("ZaloPay")
    VNPAY = "vnpay", _("VNPay QR")
    VIETTELMONEY = "viettelmoney", _("Viettel Money")


class Shop(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for verification")
        CHANGES_REQUESTED = "changes", _("Changes asked for")
        APPROVED = "approved", _("Certified")
        REJECTED = "rejected", _("Not accepted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A deleted account takes its shops with it: the owner's name, phone and accounts are
    # personal data; the cases keep their history without the applicant.
    # Indexed as the first column of shop_owner_idx.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shops", db_index=False
    )
    business = models.ForeignKey(
        "accounts.Business", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=120)
    category = models.ForeignKey(ShopCategory, on_delete=models.PROTECT, related_name="shops")
    description = models.TextField(blank=True, max_length=2000)
    owner_name = models.CharField(max_length=120)
    tax_code = models.CharField(max_length=13, blank=True)
    address = models.CharField(max_length=300)
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    ward = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hours = models.JSONField(default=dict, blank=True)  # see hours.py
    hours_text = models.CharField(max_length=500, blank=True)  # as the owner typed it
    phone = models.CharField(max_length=20, blank=True)
    phone_public = models.BooleanField(default=False)
    methods = models.JSONField(default=list, blank=True)  # PaymentMethod values
    # The same as "|vietqr|momo|": the directory filters on it alike on SQLite and PostgreSQL.
    methods_key = models.CharField(max_length=120, blank=True, editable=False)
    links = models.JSONField(default=list, blank=True)  # e-commerce shops, social pages
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    certificate_code = models.CharField(max_length=30, null=True, blank=True, unique=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "ward", "category"], name="shop_directory_idx"),
            # The directory without a query lists the newest certified first; with these the
            # database walks shops in that order (per kind, or all) and stops at a page, also
            # when "open now" drops some.
            models.Index(
                fields=["status", "category", "-approved_at", "-id"], name="shop_kind_newest_idx"
            ),
            models.Index(fields=["status", "-approved_at", "-id"], name="shop_newest_idx"),
            # "Near me": a box around the person, then distances in Python.
            models.Index(fields=["status", "lat", "lng"], name="shop_near_idx"),
            models.Index(fields=["owner", "status"], name="shop_owner_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED


class ShopBankAccount(models.Model):
    """An account customers pay into through the shop's VietQR."""

    # Indexed as the first column of shop_account_uniq.
    shop = models.ForeignKey(
        Shop, on_delete=models.CASCADE, related_name="accounts", db_index=False
    )
    bank_bin = models.CharField(max_length=6)
    account = models.CharField(max_length=19)
    holder = models.CharField(max_length=50)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "bank_bin", "account"], name="shop_account_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.bank_bin} {self.account}"


class ShopPhoto(models.Model):
    """A photo of the shop (front, counter, goods), checked and re-encoded on upload."""

    STORED_NAME_FIELDS = ("storage_name", "thumbnail_name")  # core.uploads.sweeping

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="photos")
    storage_name = models.CharField(max_length=255)
    thumbnail_name = models.CharField(max_length=255, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"photo of {self.shop_id}"

    def stored_files(self) -> list[str]:
        """The photo and its thumbnail, as named in storage."""
        return [self.storage_name, self.thumbnail_name]


class ShopOpenSlot(models.Model):
    """The approved opening hours as minute-of-week intervals [start, end) (0 = Monday 00:00,
    Vietnam time), so "open now" is one indexed range test in the database."""

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="open_slots")
    start = models.PositiveSmallIntegerField()
    end = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["start", "end"], name="shop_slot_idx")]

    def __str__(self) -> str:
        return f"{self.start}–{self.end}"


class ShopRequest(models.Model):
    """One verification request: the first registration or a later change. Its life is a
    Case (kind "shop") at the shop's ward."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Registration")
        CHANGE = "change", _("Change")

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="shop_request")
    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # For a change: the proposed values (the fields `services.editing.EDITABLE` lists, plus
    # "accounts"), applied when the request is approved.
    proposed = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.shop} ({self.kind})"
