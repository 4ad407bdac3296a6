import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from openprovince.agencies.models import Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(django_user_model):
    return django_user_model.objects.create_user("canbo", password="mat-khau-dai-12", is_staff=True)


@pytest.fixture
def province_admin(official):
    official.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_agency", "change_agency"])
    )
    return official


def test_given_a_guest_when_opening_the_office_then_sent_to_sign_in(client):
    response = client.get("/office/")
    assert response.status_code == 302
    assert response["Location"].startswith("/office/login/")


def test_given_a_citizen_account_when_opening_the_office_then_403(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("dan", password="x" * 12))
    assert client.get("/office/").status_code == 403


def test_given_an_official_when_signing_in_then_the_office_home_with_own_menu(client, official):
    response = client.post("/office/login/", {"username": "canbo", "password": "mat-khau-dai-12"})
    assert response.status_code == 302
    page = client.get("/office/").content.decode()
    assert "Tổng quan" in page
    assert 'href="/office/agencies/"' not in page  # no permission, no menu entry
    assert client.get("/office/agencies/").status_code == 403


def test_given_a_wrong_password_when_signing_in_then_a_clear_message(client, official):
    page = client.post("/office/login/", {"username": "canbo", "password": "sai"}).content.decode()
    assert 'role="alert"' in page


def test_given_a_province_admin_when_importing_a_bad_file_then_row_errors_and_nothing_saved(
    client, province_admin
):
    client.force_login(province_admin)
    bad = SimpleUploadedFile("a.csv", b"code,type,name\nX,ward,\nY,nope,Phuong Y\n")
    page = client.post("/office/agencies/import/", {"file": bad}).content.decode()
    assert "2 lỗi" in page
    assert "Bắt buộc." in page
    assert "Không có loại cơ quan “nope”." in page
    assert not Agency.objects.exists()


def test_given_a_province_admin_when_importing_then_exporting_then_round_trip(
    client, province_admin, demo_province
):
    client.force_login(province_admin)
    exported = client.get("/office/agencies/export.json")
    assert exported["Content-Disposition"].startswith('attachment; filename="agencies-')
    data = json.loads(exported.content)
    data["agencies"][0]["phone"] = "0276 3999 999"
    upload = SimpleUploadedFile("a.json", json.dumps(data).encode())
    response = client.post("/office/agencies/import/", {"file": upload})
    assert response.status_code == 302
    assert Agency.objects.get(code=data["agencies"][0]["code"]).phone == "0276 3999 999"
    csv_export = client.get("/office/agencies/export.csv").content.decode()
    assert csv_export.splitlines()[0].startswith("code,parent_code,type,name")


def test_given_an_official_without_change_permission_when_importing_then_403(client, official):
    official.user_permissions.add(Permission.objects.get(codename="view_agency"))
    client.force_login(official)
    assert client.get("/office/agencies/").status_code == 200
    assert client.get("/office/agencies/import/").status_code == 403
