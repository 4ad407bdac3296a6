from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openprovince.core.geo import GeometryError, parse_area

from .models import Agency, AgencyType
from .services import agency_type_write, agency_write
from .validation import RECORD_FIELDS, CleanAgency


class AgencyForm(forms.ModelForm):
    website = forms.URLField(label=gettext_lazy("website"), required=False, assume_scheme="https")

    class Meta:
        model = Agency
        fields = ["code", "parent", "type", *RECORD_FIELDS]

    def clean_boundary(self) -> Any:
        value = self.cleaned_data.get("boundary")
        if value:
            try:
                parse_area(value)
            except GeometryError as exc:
                raise forms.ValidationError(
                    _("Not a valid GeoJSON polygon: %(reason)s") % {"reason": exc}
                ) from exc
        return value

    def clean_parent(self) -> Agency | None:
        parent: Agency | None = self.cleaned_data.get("parent")
        if parent and self.instance.pk and parent.path.startswith(self.instance.path):
            raise forms.ValidationError(
                _("An agency cannot be placed under itself or one of its own sub-agencies.")
            )
        return parent


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    form = AgencyForm
    list_display = ["code", "name", "type", "parent", "phone", "is_active"]
    list_filter = ["type", "is_active"]
    search_fields = ["code", "name", "search_text"]
    autocomplete_fields = ["parent"]

    def save_model(self, request: HttpRequest, obj: Agency, form: Any, change: bool) -> None:
        data = form.cleaned_data
        record = CleanAgency(
            code=data["code"],
            parent_code=data["parent"].code if data["parent"] else "",
            type=data["type"].code,
            **{name: data[name] for name in RECORD_FIELDS},
        )
        saved = agency_write(record=record, parent=data["parent"], agency_type=data["type"])
        obj.pk = saved.pk


@admin.register(AgencyType)
class AgencyTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "order"]

    def save_model(self, request: HttpRequest, obj: AgencyType, form: Any, change: bool) -> None:
        saved = agency_type_write(
            code=obj.code, name=obj.name, name_en=obj.name_en, order=obj.order
        )
        obj.pk = saved.pk
