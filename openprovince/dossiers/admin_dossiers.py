"""Admin for the dossier part: webhook endpoints and their deliveries (send a failed one
again). Dossiers themselves are worked in the office, not here."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from openprovince.tasks import task_enqueue

from .models import WebhookDelivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "endpoint", "status", "attempts", "last_error", "created_at"]
    list_filter = ["status", "event", "endpoint"]
    readonly_fields = [
        "public_id", "endpoint", "event", "payload", "status", "attempts", "last_error",
        "created_at", "delivered_at",
    ]  # fmt: skip
    actions = ["send_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Send the selected deliveries again"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        count = 0
        for delivery in queryset.exclude(status=WebhookDelivery.Status.DELIVERED):
            WebhookDelivery.objects.filter(pk=delivery.pk).update(
                status=WebhookDelivery.Status.PENDING, attempts=0
            )
            task_enqueue("dossiers.webhook_deliver", delivery_id=delivery.pk)
            count += 1
        messages.success(request, _("%(count)d queued again.") % {"count": count})
