"""The procedure catalogue for province admins: edit procedures (checked like an import),
fields and life events; import a CSV/JSON file with a per-row error report; export."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openprovince.core.errors import AppError

from .catalogue.exporting import procedures_export_csv, procedures_export_json
from .catalogue.importing import procedure_file_parse, procedures_import
from .catalogue.services import life_event_save, procedure_field_save, procedure_save
from .catalogue.validation import (
    CODE_RE,
    FIELDS,
    documents_clean,
    fees_clean,
    form_schema_clean,
    steps_clean,
)
from .models import LifeEvent, Procedure, ProcedureField


class ProcedureForm(forms.ModelForm):
    class Meta:
        model = Procedure
        fields = list(FIELDS)  # the import format's columns, in its order

    def clean_code(self) -> str:
        code = str(self.cleaned_data.get("code", "")).strip()
        if not CODE_RE.match(code):
            raise forms.ValidationError(
                _(
                    "Use a national code such as 1.001193, optionally with a local suffix "
                    "(1.001193.H56)."
                )
            )
        return code

    def clean_processing_days(self) -> int:
        days = self.cleaned_data.get("processing_days") or 0
        if days < 1:
            raise forms.ValidationError(_("At least one working day."))
        return int(days)

    def _checked(self, name: str, check: Any) -> Any:
        value, problems = check(self.cleaned_data.get(name))
        if problems:
            raise forms.ValidationError(problems)
        return value

    def clean_fees(self) -> Any:
        return self._checked("fees", fees_clean)

    def clean_steps(self) -> Any:
        return self._checked("steps", steps_clean)

    def clean_documents(self) -> Any:
        return self._checked("documents", documents_clean)

    def clean_form_schema(self) -> Any:
        return self._checked("form_schema", form_schema_clean)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("agency") and not data.get("agency_types"):
            raise forms.ValidationError(
                _("Choose the competent agency or the type of agency that handles it.")
            )
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Procedures (CSV or JSON)"))


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    form = ProcedureForm
    list_display = ["code", "name", "field", "online_level", "processing_days", "is_active"]
    list_filter = ["field", "online_level", "is_active", "life_events"]
    search_fields = ["code", "name", "search_text"]
    filter_horizontal = ["life_events", "agency_types"]
    autocomplete_fields = ["agency"]
    actions = ["export_json", "export_csv"]
    change_list_template = "admin/dossiers/procedure/change_list.html"

    def save_model(self, request: HttpRequest, obj: Procedure, form: Any, change: bool) -> None:
        procedure_save(procedure=obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        procedure_save(procedure=form.instance)  # search text once the life events are set

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="dossiers_procedure_import",
            )
        ]
        return extra + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST or None, request.FILES or None)
        errors: list[Any] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                parsed = procedure_file_parse(content=upload.read(), filename=upload.name)
            except AppError as exc:
                form.add_error("file", exc.message)
            else:
                report = procedures_import(file=parsed)
                if report.ok:
                    messages.success(
                        request,
                        _("Imported: %(created)d new, %(updated)d updated.")
                        % {"created": report.created, "updated": report.updated},
                    )
                    return redirect("admin:dossiers_procedure_changelist")
                errors = report.errors
        return TemplateResponse(
            request,
            "admin/dossiers/procedure/import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "form": form,
                "errors": errors,
                "title": _("Import procedures"),
            },
        )

    @admin.action(description=gettext_lazy("Download the whole catalogue as JSON"))
    def export_json(self, request: HttpRequest, queryset: Any) -> HttpResponse:
        response = HttpResponse(
            json.dumps(procedures_export_json(), ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="procedures.json"'
        return response

    @admin.action(description=gettext_lazy("Download the whole catalogue as CSV"))
    def export_csv(self, request: HttpRequest, queryset: Any) -> HttpResponse:
        out = io.StringIO()
        procedures_export_csv(csv.writer(out))
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="procedures.csv"'
        return response


@admin.register(ProcedureField)
class ProcedureFieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "order"]
    search_fields = ["code", "name"]

    def save_model(
        self, request: HttpRequest, obj: ProcedureField, form: Any, change: bool
    ) -> None:
        procedure_field_save(item=obj)


@admin.register(LifeEvent)
class LifeEventAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "icon", "order"]
    search_fields = ["code", "name"]

    def save_model(self, request: HttpRequest, obj: LifeEvent, form: Any, change: bool) -> None:
        life_event_save(item=obj)


from . import admin_dossiers  # noqa: E402, F401  (webhooks; the lead's part)
