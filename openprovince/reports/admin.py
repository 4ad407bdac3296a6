from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from .lookups import categories_changed
from .models import ReportCategory


@admin.register(ReportCategory)
class ReportCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sla_working_days", "duplicate_radius_m", "order", "is_active"]
    list_filter = ["is_active", "agency_types"]
    filter_horizontal = ["agency_types"]

    # Submissions read categories from a per-process copy (lookups.py): tell it of changes.
    def save_model(
        self, request: HttpRequest, obj: ReportCategory, form: Any, change: bool
    ) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            categories_changed()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        with transaction.atomic():  # the agency types (many-to-many) are saved here
            super().save_related(request, form, formsets, change)
            categories_changed()

    def delete_model(self, request: HttpRequest, obj: ReportCategory) -> None:
        with transaction.atomic():
            super().delete_model(request, obj)
            categories_changed()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ReportCategory]) -> None:
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            categories_changed()
