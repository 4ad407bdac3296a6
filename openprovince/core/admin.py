from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.db.models.functions import ExtractYear
from django.http import HttpRequest
from django.utils import formats
from django.utils.translation import gettext_lazy

from .models import Holiday
from .working_time import holiday_delete, holiday_save


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through their services (books, articles): listed and shown,
    never added, changed or deleted in the admin."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class YearFilter(admin.SimpleListFilter):
    title = gettext_lazy("year")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = (
            Holiday.objects.annotate(y=ExtractYear("date"))
            .values_list("y", flat=True)
            .distinct()
            .order_by("-y")
        )
        return [(str(y), str(y)) for y in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Holiday]) -> QuerySet[Holiday]:
        value = self.value()
        return queryset.filter(date__year=int(value)) if value and value.isdigit() else queryset


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "name", "kind", "note"]
    list_filter = [YearFilter, "kind"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
    ordering = ["date"]

    @admin.display(description=gettext_lazy("weekday"), ordering="date")
    def weekday(self, obj: Holiday) -> str:
        return formats.date_format(obj.date, "l")  # localised: "Thứ Bảy"

    # Writes go through the services so that every process's calendar follows.
    def save_model(self, request: HttpRequest, obj: Holiday, form: Any, change: bool) -> None:
        holiday_save(holiday=obj)

    def delete_model(self, request: HttpRequest, obj: Holiday) -> None:
        holiday_delete(holiday=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Holiday]) -> None:
        for holiday in queryset:
            holiday_delete(holiday=holiday)
