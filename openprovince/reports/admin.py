from __future__ import annotations

from django.contrib import admin

from .models import ReportCategory


@admin.register(ReportCategory)
class ReportCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sla_working_days", "duplicate_radius_m", "order", "is_active"]
    list_filter = ["is_active", "agency_types"]
    filter_horizontal = ["agency_types"]
