"""Payments in the admin: read-only books (orders, attempts, ledger), editable payee accounts,
and mismatches admins resolve with a note."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from .models import LedgerEntry, Mismatch, Order, OrderLine, PayeeAccount, PaymentAttempt, Refund


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PayeeAccount)
class PayeeAccountAdmin(admin.ModelAdmin):
    list_display = ["agency", "bank_bin", "account_number", "account_name", "is_default"]
    raw_id_fields = ["agency"]


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    readonly_fields = ["subject", "description", "amount"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Order)
class OrderAdmin(ReadOnly):
    list_display = ["reference", "purpose", "amount", "status", "payee", "created_at", "paid_at"]
    list_filter = ["status", "purpose"]
    search_fields = ["reference", "public_id"]
    inlines = [OrderLineInline]


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(ReadOnly):
    list_display = ["provider_ref", "provider", "amount", "status", "provider_txn_id", "created_at"]
    list_filter = ["status", "provider"]
    search_fields = ["provider_ref", "provider_txn_id", "order__reference"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnly):
    list_display = ["created_at", "kind", "amount", "provider", "provider_txn_id", "order"]
    list_filter = ["kind", "provider"]
    search_fields = ["provider_txn_id", "order__reference"]


@admin.register(Refund)
class RefundAdmin(ReadOnly):
    list_display = ["order", "amount", "status", "created_at"]


@admin.register(Mismatch)
class MismatchAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "provider", "provider_ref", "amount", "resolved_at"]
    list_filter = ["kind", "provider", ("resolved_at", admin.EmptyFieldListFilter)]
    readonly_fields = [
        "kind", "provider", "provider_ref", "provider_txn_id", "order", "amount", "details",
        "created_at", "reported_at", "resolved_at", "resolved_by",
    ]  # fmt: skip
    fields = [*readonly_fields, "resolution"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Mismatch, form: Any, change: bool) -> None:
        if obj.resolution and obj.resolved_at is None and request.user.is_authenticated:
            obj.resolved_at, obj.resolved_by = timezone.now(), request.user
        super().save_model(request, obj, form, change)
