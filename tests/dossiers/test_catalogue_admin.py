"""The catalogue in the admin: import with a per-row report, edits checked like an import,
search text kept current."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openprovince.dossiers.models import LifeEvent, Procedure, ProcedureField
from tests.dossiers.test_catalogue_import import catalogue_file, procedure_row

pytestmark = pytest.mark.django_db


def upload(data: dict[str, Any], name: str = "p.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(data, ensure_ascii=False).encode())


def test_given_a_bad_file_when_imported_in_the_admin_then_each_row_problem_is_listed(
    admin_client: Any, demo_province: Any
) -> None:
    url = reverse("admin:dossiers_procedure_import")
    assert admin_client.get(url).status_code == 200
    bad = catalogue_file(procedure_row(), procedure_row(code="1.000001", processing_days=0))
    page = admin_client.post(url, {"file": upload(bad)}).content.decode()
    assert "processing_days" in page and "1.000001" in page
    assert Procedure.objects.count() == 0
    response = admin_client.post(url, {"file": upload(catalogue_file(procedure_row()))})
    assert response.status_code == 302
    assert Procedure.objects.filter(code="1.001193").exists()


def test_given_an_unreadable_file_when_imported_in_the_admin_then_a_form_error(
    admin_client: Any, db: Any
) -> None:
    url = reverse("admin:dossiers_procedure_import")
    page = admin_client.post(url, {"file": SimpleUploadedFile("p.json", b"{oops")}).content.decode()
    assert "JSON" in page
    assert Procedure.objects.count() == 0


def _form_data(field: ProcedureField, **overrides: Any) -> dict[str, Any]:
    data = {
        "code": "1.001193",
        "name": "Đăng ký khai sinh",
        "name_en": "",
        "field": field.pk,
        "life_events": [LifeEvent.objects.get(code="co-con-nho").pk],
        "agency": "",
        "agency_types": [],
        "online_level": "full",
        "processing_days": 1,
        "fees": "[]",
        "legal_basis": "",
        "result_type": "",
        "steps": "[]",
        "documents": json.dumps([{"code": "to_khai", "name": "Tờ khai", "copies": "01"}]),
        "form_schema": "{}",
        "description": "",
        "keywords": "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_given_the_admin_form_when_saving_then_checks_apply_and_search_text_follows(
    admin_client: Any, demo_province: Any
) -> None:
    from openprovince.agencies.models import AgencyType

    LifeEvent.objects.create(code="co-con-nho", name="Sinh con")
    field = ProcedureField.objects.create(code="ho-tich", name="Hộ tịch")
    url = reverse("admin:dossiers_procedure_add")
    commune = AgencyType.objects.get(code="commune").pk
    bad = _form_data(
        field,
        agency_types=[commune],
        form_schema=json.dumps({"fields": [{"code": "X", "type": "nope"}]}),
        documents=json.dumps([{"code": "a", "name": "A"}, {"code": "a", "name": "B"}]),
        fees=json.dumps([{"label": "Phí", "amount": -1}]),
    )
    response = admin_client.post(url, bad)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"form_schema", "documents", "fees"} <= set(errors)
    no_agency = admin_client.post(url, _form_data(field))
    assert no_agency.status_code == 200 and not Procedure.objects.exists()
    response = admin_client.post(url, _form_data(field, agency_types=[commune]))
    assert response.status_code == 302
    saved = Procedure.objects.get(code="1.001193")
    assert "dang ky khai sinh" in saved.search_text and "sinh con" in saved.search_text
    change = reverse("admin:dossiers_procedure_change", args=[saved.pk])
    admin_client.post(change, _form_data(field, agency_types=[commune], name="Khai sinh mới"))
    saved.refresh_from_db()
    assert saved.name_folded == " khai sinh moi "
    field_change = reverse("admin:dossiers_procedurefield_change", args=[field.pk])
    admin_client.post(field_change, {"code": "ho-tich", "name": "Hộ tịch và quốc tịch",
                                      "name_en": "", "order": 10})  # fmt: skip
    saved.refresh_from_db()
    assert "quoc tich" in saved.search_text


def test_given_the_admin_list_then_export_actions_download_the_catalogue(
    admin_client: Any, demo_province: Any
) -> None:
    from openprovince.dossiers.catalogue.importing import procedure_file_parse, procedures_import

    procedures_import(
        file=procedure_file_parse(
            content=json.dumps(catalogue_file(procedure_row())).encode(), filename="p.json"
        )
    )
    url = reverse("admin:dossiers_procedure_changelist")
    assert admin_client.get(url).status_code == 200
    pk = Procedure.objects.get().pk
    response = admin_client.post(url, {"action": "export_csv", "_selected_action": [pk]})
    assert response["Content-Type"].startswith("text/csv")
    assert "1.001193" in response.content.decode()
    response = admin_client.post(url, {"action": "export_json", "_selected_action": [pk]})
    assert json.loads(response.content)["procedures"][0]["code"] == "1.001193"
