"""Province admins edit workflows as JSON: import (validated) and export."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from openprovince.cases.models import WorkflowDefinition
from tests.cases.conftest import general_request

pytestmark = pytest.mark.django_db


def test_the_admin_imports_a_valid_definition_and_refuses_a_broken_one(admin_client):
    broken = general_request()
    broken["actions"].append(
        {
            "code": "reopen",
            "name": "Mở lại",
            "from": ["resolved"],
            "to": "received",
            "roles": ["handler"],
        }
    )
    page = admin_client.post(
        "/admin/cases/workflowdefinition/import/",
        {"file": SimpleUploadedFile("w.json", json.dumps(broken).encode())},
    )
    assert page.status_code == 200 and "resolved" in page.content.decode()
    assert not WorkflowDefinition.objects.filter(kind="general-request").exists()
    ok = admin_client.post(
        "/admin/cases/workflowdefinition/import/",
        {"file": SimpleUploadedFile("w.json", json.dumps(general_request()).encode())},
    )
    assert ok.status_code == 302
    definition = WorkflowDefinition.objects.get(kind="general-request")
    exported = admin_client.post(
        "/admin/cases/workflowdefinition/",
        {"action": "export_json", "_selected_action": [definition.pk]},
    )
    assert json.loads(exported.content) == general_request()


def test_the_commands_round_trip(tmp_path, workflow):
    out = io.StringIO()
    call_command("workflow_export", "general-request", stdout=out)
    data = json.loads(out.getvalue())
    data["sla"] = {"working_days": 7}
    path = tmp_path / "w.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = io.StringIO()
    call_command("workflow_import", str(path), stdout=done)
    assert "version 2" in done.getvalue()
    data["states"][0]["start"] = False
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("workflow_import", str(path))


def test_the_demo_loads_requests_for_the_inbox(demo_province):
    from openprovince.cases.models import Case
    from openprovince.demo.cases import demo_cases_load
    from openprovince.demo.officials import demo_officials_load

    demo_officials_load()
    assert demo_cases_load() == 6
    assert demo_cases_load() == 0  # once
    assert set(Case.objects.values_list("state", flat=True)) == {
        "received",
        "in_progress",
        "waiting_citizen",
        "resolved",
    }
