import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openprovince.accounts.models import RoleAssignment
from openprovince.agencies.models import Agency
from openprovince.core.models import AuditEvent
from tests.conftest import sign_in_official

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(django_user_model):
    return django_user_model.objects.create_user("canbo", password="mat-khau-dai-12", is_staff=True)


def _grant(user, code, role):
    RoleAssignment.objects.create(user=user, agency=Agency.objects.get(code=code), role=role)


@pytest.fixture
def province_admin(official, demo_province):
    _grant(official, "TN", "province_admin")
    return official


def test_given_a_guest_when_opening_the_office_then_sent_to_the_office_sign_in(client):
    response = client.get("/office/")
    assert response.status_code == 302 and response["Location"].startswith("/office/login/")


def test_given_a_citizen_account_when_opening_the_office_then_403_and_audited(
    client, django_user_model
):
    client.force_login(django_user_model.objects.create_user("dan", password="x" * 12))
    assert client.get("/office/").status_code == 403
    assert AuditEvent.objects.filter(action="access.denied", success=False).exists()


def test_given_staff_without_a_role_then_403(client, official):
    sign_in_official(client, official)
    assert client.get("/office/").status_code == 403


def test_given_a_ward_viewer_then_home_and_agencies_but_no_admin_menus(
    client, official, demo_province
):
    _grant(official, "TN.P.TANNINH", "viewer")
    sign_in_official(client, official)
    page = client.get("/office/").content.decode()
    assert "Hộp việc" in page
    assert 'href="/office/roles/"' not in page and 'href="/office/audit/"' not in page
    agencies = client.get("/office/agencies/").content.decode()
    assert "Phường Tân Ninh" in agencies and "Phường Gò Dầu" not in agencies
    assert client.get("/office/agencies/import/").status_code == 403
    assert client.get("/office/audit/").status_code == 403


def test_given_a_province_admin_when_importing_a_bad_file_then_row_errors_and_nothing_saved(
    client, province_admin
):
    sign_in_official(client, province_admin)
    before = Agency.objects.count()
    bad = SimpleUploadedFile("a.csv", b"code,type,name\nX,ward,\nY,nope,Phuong Y\n")
    page = client.post("/office/agencies/import/", {"file": bad}).content.decode()
    assert "2 lỗi" in page and "Bắt buộc." in page and "Không có loại cơ quan “nope”." in page
    assert Agency.objects.count() == before
    assert AuditEvent.objects.filter(action="agencies.import", success=False).exists()


def test_given_a_province_admin_when_importing_then_exporting_then_round_trip(
    client, province_admin
):
    sign_in_official(client, province_admin)
    exported = client.get("/office/agencies/export.json")
    assert exported["Content-Disposition"].startswith('attachment; filename="agencies-')
    data = json.loads(exported.content)
    data["agencies"][0]["phone"] = "0276 3999 999"
    upload = SimpleUploadedFile("a.json", json.dumps(data).encode())
    assert client.post("/office/agencies/import/", {"file": upload}).status_code == 302
    assert Agency.objects.get(code=data["agencies"][0]["code"]).phone == "0276 3999 999"
    csv_export = client.get("/office/agencies/export.csv").content.decode()
    assert csv_export.splitlines()[0].startswith("code,parent_code,type,name")
    assert "no-store" in exported["Cache-Control"]


def test_given_a_province_admin_then_the_audit_log_searches_and_exports(client, province_admin):
    sign_in_official(client, province_admin)
    client.get("/office/agencies/export.csv")
    client.post("/signin/", {"phone": "123"})  # a failed sign-in elsewhere
    page = client.get("/office/audit/", {"action": "audit"}).content.decode()
    assert "Nhật ký hệ thống" in page
    export = client.get("/office/audit/export.csv", {"result": "ok"})
    body = b"".join(export.streaming_content).decode()
    assert body.splitlines()[0].startswith("at_utc,actor,action,success")
    assert AuditEvent.objects.filter(action="audit.export").exists()
