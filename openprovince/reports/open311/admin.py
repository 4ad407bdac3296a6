from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .keys import integrator_key_issue, integrator_keys_disable
from .models import IntegratorKey


@admin.register(IntegratorKey)
class IntegratorKeyAdmin(admin.ModelAdmin):
    """Make a key (shown once, then only its hash is kept) and disable it. Keys are never
    deleted: their audit trail and their reports keep their meaning."""

    list_display = ["name", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    fields = ["name", "is_active", "created_at", "last_used_at"]
    readonly_fields = ["created_at", "last_used_at"]
    actions = ["disable"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: IntegratorKey, form: Any, change: bool) -> None:
        if change:
            if "is_active" in form.changed_data and not obj.is_active:
                previous = IntegratorKey.objects.get(pk=obj.pk)
                integrator_keys_disable(keys=[previous], by=request.user)
            super().save_model(request, obj, form, change)
            return
        raw = integrator_key_issue(key=obj, by=request.user)
        messages.warning(
            request,
            _(
                "The API key of %(name)s is: %(key)s — copy it now and give it to the "
                "integrator safely. It is not stored and will not be shown again."
            )
            % {"name": obj.name, "key": raw},
        )

    @admin.action(description=gettext_lazy("Disable the selected keys"))
    def disable(self, request: HttpRequest, queryset: QuerySet[IntegratorKey]) -> None:
        count = integrator_keys_disable(keys=list(queryset), by=request.user)
        message = ngettext("%(count)s key disabled.", "%(count)s keys disabled.", count)
        messages.success(request, message % {"count": count})
