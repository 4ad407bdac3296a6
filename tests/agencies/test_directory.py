import unicodedata

import pytest

from tests.conftest import make_agency

pytestmark = pytest.mark.django_db


def test_given_a_query_without_diacritics_when_searching_the_directory_then_it_matches(
    client, demo_province
):
    response = client.get("/agencies/", {"q": "phuong tan ninh"})
    assert response.status_code == 200
    assert "Phường Tân Ninh" in response.content.decode()
    assert "Xã Bến Cầu" not in response.content.decode()


def test_given_an_nfd_query_when_searching_then_same_result_as_nfc(client, demo_province):
    nfd = unicodedata.normalize("NFD", "Trảng Bàng")
    assert "Phường Trảng Bàng" in client.get("/agencies/", {"q": nfd}).content.decode()


def test_given_many_agencies_when_listing_then_twenty_per_page_with_a_pager(client, db):
    root = make_agency("P", type_code="province")
    for n in range(45):
        make_agency(f"W{n:02d}", parent=root, type_code="ward", name=f"Phường Số {n:02d}")
    first = client.get("/agencies/", {"type": "ward"})
    third = client.get("/agencies/", {"type": "ward", "page": "3"})
    assert first.context["page"].object_list.count() == 20
    assert third.context["page"].object_list.count() == 5
    assert "Trang 1/3" in first.content.decode()
    assert client.get("/agencies/", {"page": "999999999999"}).status_code == 200


def test_given_an_agency_when_opening_its_page_then_contact_hours_and_children_show(
    client, demo_province
):
    page = client.get("/agencies/TN/").content.decode()
    assert "0276 3822 360" in page
    assert "Thứ Hai" in page
    assert "Phường Tân Ninh" in page
    assert 'href="tel:02763822360"' in page
    assert client.get("/agencies/NOPE/").status_code == 404


def test_given_an_inactive_agency_when_opening_then_hidden(client, db):
    make_agency("OLD", type_code="ward", is_active=False)
    assert client.get("/agencies/OLD/").status_code == 404
    assert "OLD" not in client.get("/agencies/").content.decode()


def test_given_htmx_when_searching_then_only_the_results_fragment(client, demo_province):
    response = client.get("/agencies/", {"q": "go dau"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "Phường Gò Dầu" in body


def test_given_the_api_when_listing_and_reading_then_json(client, demo_province):
    data = client.get("/api/v1/agencies", {"q": "trang bang"}).json()
    assert data["count"] == 1
    assert data["items"][0]["code"] == "TN.P.TRANGBANG"
    one = client.get("/api/v1/agencies/TN.P.TRANGBANG").json()
    assert one["parent_code"] == "TN"
    assert one["boundary"]["type"] == "Polygon"
    missing = client.get("/api/v1/agencies/NOPE")
    assert missing.status_code == 404
    assert missing.json()["code"] == "agencies.not_found"


def test_given_the_api_when_locating_then_deepest_agency_or_clear_errors(client, demo_province):
    inside = client.get("/api/v1/agencies/locate", {"lat": 11.3, "lng": 106.1}).json()
    assert inside["depth"] == 1
    outside = client.get("/api/v1/agencies/locate", {"lat": 21.0, "lng": 105.8})
    assert outside.status_code == 404
    assert outside.json()["code"] == "agencies.outside"
    bad = client.get("/api/v1/agencies/locate", {"lat": 200, "lng": 106})
    assert bad.status_code == 400
    assert bad.json()["code"] == "agencies.bad_point"
    junk = client.get("/api/v1/agencies/locate", {"lat": "abc", "lng": 106})
    assert junk.status_code == 400
    assert junk.json()["code"] == "invalid_input"
    assert "lat" in junk.json()["fields"]
