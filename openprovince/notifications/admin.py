from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import OutboxMessage, WebPushSubscription
from .outbox import outbox_retry


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """What went out and what did not: filter by status to see the dead letters."""

    list_display = (
        "id",
        "event",
        "channel",
        "recipient",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "short_error",
    )
    list_filter = ("status", "channel", "event")
    search_fields = ("event", "provider_id", "key")
    ordering = ("-id",)
    list_select_related = ("recipient",)
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["retry_now"]

    @admin.display(description=_("last error"))
    def short_error(self, obj: OutboxMessage) -> str:
        return obj.last_error[:80]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the record of what was sent stays

    @admin.action(description=_("Retry now (dead or cancelled messages)"), permissions=["change"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        count = outbox_retry(messages=queryset, actor=request.user, request=request)
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", count)
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(WebPushSubscription)
class WebPushSubscriptionAdmin(admin.ModelAdmin):
    """Browsers that get Web Push; deleting one stops it (the person can subscribe again)."""

    list_display = ("id", "user", "push_service", "user_agent", "created_at", "last_success_at")
    list_display_links = ("id",)
    search_fields = ("user__username", "user__phone")
    ordering = ("-id",)
    list_select_related = ("user",)
    # The endpoint and keys are the browser's secrets: anyone holding them can push to it.
    fields = ("user", "push_service", "user_agent", "created_at", "last_success_at", "failures")
    readonly_fields = fields

    @admin.display(description=_("push service"))
    def push_service(self, obj: WebPushSubscription) -> str:
        return urlsplit(obj.endpoint).hostname or ""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
