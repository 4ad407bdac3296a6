"""The shops JSON API, public side: certified shops only, filters, search without accents,
open now, near me, paging, a shop with its VietQR; the owner's private phone, name and tax
code never reach the public; errors are {code, message, fields}, never a 500."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from openprovince.shops import api as shops_api
from openprovince.shops.services.registration import shop_draft_save, shop_submit
from tests.conftest import api_error, bearer

from .api_helpers import (
    _create,
    _no_private,
    _office,
    _office_url,
    _step,
)
from .conftest import TAN_NINH, VCB, shop_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(certified: Any, owner: Any) -> dict[str, Any]:
    lat, lng = TAN_NINH
    made = {
        "grocery": certified(tax_code="0300588569"),
        "eatery": certified(
            name="Quán cơm Ngọc Hường", category="an-uong", methods=["zalopay"],
            lat=str(lat + 0.01), lng=str(lng + 0.01), hours_text="Hằng ngày 00:00-24:00",
            phone="0913 000 222", phone_public=True,
        ),
        "pharmacy": certified(
            name="Nhà thuốc Hòa Bình", category="thuoc", methods=[], lat=str(lat + 0.05),
            lng=str(lng), hours_text="",
        ),
    }  # fmt: skip
    draft = shop_draft_save(owner=owner, data=shop_data(name="Tạp hóa Nháp"))
    sent = shop_draft_save(owner=owner, data=shop_data(name="Tạp hóa Đã Gửi"))
    shop_submit(owner=owner, shop=sent)
    made["draft"], made["sent"] = draft, sent
    return made


# --- Public ----------------------------------------------------------------------------------


def test_given_the_lists_when_reading_then_categories_and_methods(client: Any, demo_province: Any):
    categories = client.get("/api/v1/shops/categories")
    methods = client.get("/api/v1/shops/methods")
    assert categories.status_code == 200 and methods.status_code == 200
    codes = {c["code"]: c for c in categories.json()}
    assert {"tap-hoa", "an-uong", "thuoc"} <= set(codes)
    assert set(codes["tap-hoa"]) == {"code", "name", "name_en", "icon"}
    assert {m["code"] for m in methods.json()} >= {"vietqr", "momo", "zalopay"}


def test_given_shops_when_listing_then_certified_only_and_no_private_data(
    client: Any, directory: dict[str, Any]
):
    response = client.get("/api/v1/shops")

    assert response.status_code == 200, response.content
    body = response.json()
    names = {s["name"] for s in body["items"]}
    assert names == {"Tạp hóa Bà Tư", "Quán cơm Ngọc Hường", "Nhà thuốc Hòa Bình"}
    assert (body["count"], body["page"], body["pages"]) == (3, 1, 1)
    by_name = {s["name"]: s for s in body["items"]}
    assert by_name["Tạp hóa Bà Tư"]["phone"] is None  # not chosen to be shown
    assert by_name["Quán cơm Ngọc Hường"]["phone"] == "0913 000 222"
    assert by_name["Tạp hóa Bà Tư"]["certificate_code"].startswith("CH40-")
    assert by_name["Tạp hóa Bà Tư"]["ward"]["code"] == "TN.P.TANNINH"
    assert by_name["Tạp hóa Bà Tư"]["distance_m"] is None
    _no_private(response)


def test_given_filters_when_listing_then_only_matching_shops(
    client: Any, directory: dict[str, Any], monkeypatch: Any
):
    def names(**params: Any) -> set[str]:
        response = client.get("/api/v1/shops", params)
        assert response.status_code == 200, response.content
        return {s["name"] for s in response.json()["items"]}

    assert names(category="an-uong") == {"Quán cơm Ngọc Hường"}
    assert names(method="zalopay") == {"Quán cơm Ngọc Hường"}
    assert names(ward="TN.P.TANNINH", category="tap-hoa") == {"Tạp hóa Bà Tư"}
    assert names(ward="TN.X.NOWHERE") == set()
    night = datetime(2025, 6, 4, 3, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))  # a Wednesday
    monkeypatch.setattr(shops_api.timezone, "now", lambda: night)
    assert names(open_now="true") == {"Quán cơm Ngọc Hường"}  # open 24 hours; others not
    monkeypatch.undo()
    assert names(q="quan com ngoc huong") >= {"Quán cơm Ngọc Hường"}
    assert "Tạp hóa Nháp" not in names(q="tap hoa nhap")
    assert "Tạp hóa Đã Gửi" not in names(q="tap hoa da gui")


def test_given_a_point_when_listing_then_nearest_first_with_distances(
    client: Any, directory: dict[str, Any]
):
    lat, lng = TAN_NINH
    response = client.get("/api/v1/shops", {"lat": lat, "lng": lng})

    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert [s["name"] for s in items] == [
        "Tạp hóa Bà Tư", "Quán cơm Ngọc Hường", "Nhà thuốc Hòa Bình",
    ]  # fmt: skip
    assert items[0]["distance_m"] == 0 and 1000 < items[1]["distance_m"] < 2000
    near_eatery = client.get("/api/v1/shops", {"lat": lat, "lng": lng, "category": "an-uong"})
    assert [s["name"] for s in near_eatery.json()["items"]] == ["Quán cơm Ngọc Hường"]


@pytest.mark.parametrize(
    ("params", "code", "field"),
    [
        ({"lat": "95", "lng": "106"}, "shops.bad_location", "location"),
        ({"lat": "11.5"}, "shops.bad_location", "location"),
        ({"lat": "nan", "lng": "106"}, "shops.bad_location", "location"),
        ({"lat": "abc", "lng": "106"}, "invalid_input", "lat"),
        ({"method": "cash"}, "shops.bad_method", "method"),
        ({"page": "x"}, "invalid_input", "page"),
        ({"open_now": "maybe"}, "invalid_input", "open_now"),
    ],
)
def test_given_bad_parameters_when_listing_then_400_naming_the_field(
    client: Any, demo_province: Any, params: dict[str, str], code: str, field: str
):
    body = api_error(client.get("/api/v1/shops", params), 400)
    assert body["code"] == code and field in body["fields"]


def test_given_more_shops_than_a_page_when_paging_then_counts_and_pages(
    client: Any, directory: dict[str, Any], monkeypatch: Any
):
    monkeypatch.setattr(shops_api, "PAGE_SIZE", 2)
    first = client.get("/api/v1/shops").json()
    second = client.get("/api/v1/shops", {"page": 2}).json()
    beyond = client.get("/api/v1/shops", {"page": 99}).json()
    searched = client.get("/api/v1/shops", {"q": "tap hoa quan com nha thuoc", "page": 2}).json()

    assert (first["count"], first["pages"], len(first["items"])) == (3, 2, 2)
    assert (second["page"], len(second["items"])) == (2, 1)
    assert beyond["page"] == 2 and beyond["items"] == second["items"]
    seen = {s["id"] for s in first["items"]} | {s["id"] for s in second["items"]}
    assert len(seen) == 3
    assert searched["page"] == searched["pages"] and searched["count"] <= 3


def test_given_a_certified_shop_when_reading_it_then_hours_accounts_and_vietqr(
    client: Any, directory: dict[str, Any]
):
    shop = directory["grocery"]
    response = client.get(f"/api/v1/shops/{shop.public_id}")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == "Tạp hóa Bà Tư" and body["category"]["code"] == "tap-hoa"
    assert body["hours"]["0"] == [["06:00", "21:00"]] and body["hours_lines"]
    assert body["methods"] == ["momo"] and body["phone"] is None
    (account,) = body["accounts"]
    assert account["bank_bin"] == VCB and account["account"] == "0123456789"
    assert account["holder"] == "NGUYEN THI TU" and account["bank"]
    assert account["vietqr"].startswith("000201") and "0123456789" in account["vietqr"]
    _no_private(response)


def test_given_a_shop_not_certified_when_reading_it_publicly_then_404_even_for_its_owner(
    client: Any, directory: dict[str, Any], owner: Any
):
    for shop in (directory["draft"], directory["sent"]):
        url = f"/api/v1/shops/{shop.public_id}"
        assert api_error(client.get(url), 404)["code"] == "shops.not_found"
        assert api_error(client.get(url, **bearer(owner)), 404)["code"] == "shops.not_found"
    assert api_error(client.get("/api/v1/shops/not-a-uuid"), 404)["code"] == "shops.not_found"


def test_given_the_api_when_reading_its_openapi_schema_then_the_shop_paths_are_there(
    client: Any, db: Any
):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/shops",
        "/api/v1/shops/categories",
        "/api/v1/shops/methods",
        "/api/v1/shops/{public_id}",
        "/api/v1/me/shops",
        "/api/v1/me/shops/{public_id}",
        "/api/v1/me/shops/{public_id}/submit",
        "/api/v1/office/shop-requests",
        "/api/v1/office/shop-requests/{request_id}",
        "/api/v1/office/shop-requests/{request_id}/transition",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/me/shops"]) == {"get", "post"}
    assert set(paths["/api/v1/me/shops/{public_id}"]) == {"get", "put", "delete"}


def test_given_nul_characters_when_listing_or_creating_then_never_500(
    client: Any, directory: dict[str, Any], owner: Any
):
    for params in ({"q": "tap\x00hoa"}, {"category": "\x00"}, {"ward": "a\x00"}):
        response = client.get("/api/v1/shops", params)
        assert response.status_code < 500, (params, response.content)
    created = _create(client, owner, name="Tạp\x00 hóa", ward="\x00", category="tap-hoa\x00")
    assert created.status_code < 500, created.content
    assert client.get("/api/v1/shops/%00").status_code in (400, 404)


def test_given_photos_when_reading_then_links_for_the_owner_and_once_certified_the_public(
    client: Any, owner: Any, ward_official: Any
):
    from openprovince.shops.services.photos import shop_photos_add
    from tests.reports.conftest import photo

    draft = shop_draft_save(owner=owner, data=shop_data())
    shop_photos_add(owner=owner, shop=draft, files=[("a.jpg", photo().read())])
    mine = client.get(f"/api/v1/me/shops/{draft.public_id}", **bearer(owner)).json()
    (shown,) = mine["photos"]
    assert shown["url"].startswith("/shops/photos/") and shown["thumbnail"].endswith("?thumb=1")
    assert client.get(shown["url"]).status_code == 404  # not certified: not for everyone

    request = shop_submit(owner=owner, shop=draft)
    _office(client, ward_official)
    assert client.get(_office_url(request)).json()["shop"]["photos"] == [shown]
    assert _step(client, request, "approve").status_code == 200
    client.logout()

    public = client.get(f"/api/v1/shops/{draft.public_id}").json()
    assert public["photos"] == [shown]
    assert client.get(shown["url"]).status_code == 200
