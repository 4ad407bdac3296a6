"""Platform admins manage the kinds of shop (docs/shops.md); shops themselves are registered
by their owners and verified by the wards."""

from __future__ import annotations

from django.contrib import admin

from .models import ShopCategory


@admin.register(ShopCategory)
class ShopCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "icon", "order", "is_active"]
    list_editable = ["order", "is_active"]
