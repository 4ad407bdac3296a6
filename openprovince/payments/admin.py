"""Payments in the admin: read-only books (orders, attempts, ledger), editable payee accounts,
and mismatches admins resolve with a note."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.core.admin import ReadOnlyAdmin
from openprovince.core.errors import AppError

from .models import LedgerEntry, Mismatch, Order, OrderLine, PayeeAccount, PaymentAttempt, Refund
from .selectors import order_balance
from .services.refunds import refund_record
from .services.statements import amount_parse


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
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["reference", "purpose", "amount", "status", "payee", "created_at", "paid_at"]
    list_filter = ["status", "purpose"]
    search_fields = ["reference", "public_id"]
    inlines = [OrderLineInline]
    change_form_template = "admin/payments/order/change_form.html"

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view(self.refund_view)
        return [
            path("<int:order_id>/refund/", view, name="payments_order_refund"),
            *super().get_urls(),
        ]

    def refund_view(self, request: HttpRequest, order_id: int) -> HttpResponse:
        """Book a refund sent by hand (platform admins only; services/refunds.py)."""
        if not request.user.is_superuser:
            raise PermissionDenied
        order = get_object_or_404(Order, pk=order_id)
        errors: dict[str, list[str]] = {}
        values = {"amount": "", "reference": "", "reason": ""}
        if request.method == "POST":
            values = {k: request.POST.get(k, "").strip() for k in values}
            try:
                amount = amount_parse(values["amount"])  # "20.000", "20,000", "20 000 VND"
                refund_record(
                    order=order, amount=amount, reason=values["reason"],
                    reference=values["reference"], actor=request.user, request=request,
                )  # fmt: skip
            except ValueError:
                errors = {"amount": [_("Write the amount in đồng, digits only.")]}
            except AppError as exc:
                errors = exc.fields or {"form": [exc.message]}
            else:
                messages.success(request, _("Refund booked."))
                return redirect(reverse("admin:payments_order_change", args=[order.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Book a refund"),
            "order": order,
            "held": order_balance(order),
            "values": values,
            "errors": errors,
            "opts": self.model._meta,
        }
        status = 400 if errors else 200
        return render(request, "admin/payments/order/refund.html", context, status=status)


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(ReadOnlyAdmin):
    list_display = ["provider_ref", "provider", "amount", "status", "provider_txn_id", "created_at"]
    list_filter = ["status", "provider"]
    search_fields = ["provider_ref", "provider_txn_id", "order__reference"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "amount", "provider", "provider_txn_id", "order"]
    list_filter = ["kind", "provider"]
    search_fields = ["provider_txn_id", "order__reference"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
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
