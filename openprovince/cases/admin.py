"""Workflow definitions for province admins: versions are read-only; a change is an import
of a new version (validated), an export gives the JSON to edit."""

from __future__ import annotations

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

from .definitions import workflow_definition_export, workflow_definition_import
from .models import WorkflowDefinition


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Workflow definition (JSON)"))


@admin.register(WorkflowDefinition)
class WorkflowDefinitionAdmin(admin.ModelAdmin):
    list_display = ["kind", "version", "is_active", "created_at", "created_by"]
    list_filter = ["kind", "is_active"]
    readonly_fields = ["kind", "version", "data", "is_active", "created_at", "created_by"]
    actions = ["export_json"]
    change_list_template = "admin/cases/workflowdefinition/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # new versions come from an import, validated

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # cases keep the version they started with

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="cases_workflowdefinition_import",
            )
        ]
        return extra + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                definition = workflow_definition_import(
                    content=form.cleaned_data["file"].read(), by=request.user
                )
            except AppError as exc:
                for problem in exc.fields.get("definition", [exc.message]):
                    form.add_error(None, problem)
            else:
                messages.success(
                    request,
                    _("Saved as %(kind)s version %(version)d.")
                    % {"kind": definition.kind, "version": definition.version},
                )
                return redirect("admin:cases_workflowdefinition_changelist")
        return TemplateResponse(
            request,
            "admin/cases/workflowdefinition/import.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "title": _("Import a workflow definition"),
            },
        )

    @admin.action(description=gettext_lazy("Download the current definition as JSON"))
    def export_json(self, request: HttpRequest, queryset: Any) -> HttpResponse:
        kind = queryset.values_list("kind", flat=True).first()
        response = HttpResponse(
            workflow_definition_export(kind=kind), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="workflow-{kind}.json"'
        return response
