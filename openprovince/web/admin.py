from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .brand import brand_save
from .models import Brand


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "hotline", "primary_color"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not Brand.objects.exists()

    def save_model(self, request: HttpRequest, obj: Brand, form: Any, change: bool) -> None:
        brand_save(brand=obj)
