import pytest
from django.test import override_settings

from openprovince.agencies.models import Agency
from tests.conftest import make_agency

pytestmark = pytest.mark.django_db


def test_given_a_cached_directory_when_an_agency_changes_then_the_page_updates_at_once(client):
    make_agency("A", type_code="ward", name="Phường Cũ")
    assert "Phường Cũ" in client.get("/agencies/").content.decode()
    make_agency("A", type_code="ward", name="Phường Mới")
    page = client.get("/agencies/").content.decode()
    assert "Phường Mới" in page
    assert "Phường Cũ" not in page


def test_given_a_guest_when_preferences_differ_then_each_gets_its_own_cached_page(client):
    assert '<html lang="vi"' in client.get("/").content.decode()
    client.cookies["lang"] = "en"
    assert '<html lang="en"' in client.get("/").content.decode()
    client.cookies["lang"] = "vi"
    assert '<html lang="vi"' in client.get("/").content.decode()


def test_given_a_session_cookie_when_opening_a_page_then_not_served_from_cache(
    client, django_user_model
):
    make_agency("A", type_code="ward", name="Phường Cũ")
    client.get("/agencies/")  # cached for guests
    # A write that bypasses the services does not bump the version: guests keep the cache…
    Agency.objects.filter(code="A").update(name="Phường Mới")
    assert "Phường Cũ" in client.get("/agencies/").content.decode()
    # …but anyone with a session always gets a fresh render.
    client.force_login(django_user_model.objects.create_user("canbo", password="x" * 12))
    assert "Phường Mới" in client.get("/agencies/").content.decode()


@override_settings(PAGE_CACHE_SECONDS=0)
def test_given_page_cache_off_when_content_changes_behind_the_services_then_seen(client):
    make_agency("A", type_code="ward", name="Phường Cũ")
    client.get("/agencies/")
    Agency.objects.filter(code="A").update(name="Phường Mới")
    assert "Phường Mới" in client.get("/agencies/").content.decode()


def test_given_a_cached_api_read_when_the_agency_changes_then_the_json_updates(client):
    make_agency("A", type_code="ward", name="Phường Cũ")
    assert client.get("/api/v1/agencies/A").json()["name"] == "Phường Cũ"
    assert client.get("/api/v1/agencies", {"q": "phuong"}).json()["items"][0]["name"] == "Phường Cũ"
    make_agency("A", type_code="ward", name="Phường Mới")
    assert client.get("/api/v1/agencies/A").json()["name"] == "Phường Mới"
    assert (
        client.get("/api/v1/agencies", {"q": "phuong"}).json()["items"][0]["name"] == "Phường Mới"
    )
    assert client.get("/api/v1/agencies/B").status_code == 404
    make_agency("B", type_code="ward")
    assert client.get("/api/v1/agencies/B").status_code == 200
