"""Platform admins manage the news categories; articles are written in the office, so the
admin only lists them (read only) for support."""

from __future__ import annotations

from django.contrib import admin

from openprovince.core.admin import ReadOnlyAdmin

from .models import Article, NewsCategory


@admin.register(NewsCategory)
class NewsCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "order", "is_active"]
    list_editable = ["order", "is_active"]


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin):
    list_display = ["title", "agency", "status", "is_urgent", "publish_at", "expires_at"]
    list_filter = ["status", "is_urgent", "category"]
    search_fields = ["title", "public_id"]
