"""The shops JSON API, owners' side: drafts, editing, sending, change requests, deleting,
photos and withdrawing, their own shops only."""

from __future__ import annotations

from typing import Any

import pytest

from openprovince.cases.models import Case
from openprovince.shops.models import Shop, ShopRequest
from openprovince.shops.services.registration import MAX_DRAFTS, shop_draft_save
from tests.conftest import api_error, bearer

from .api_helpers import (
    JSON,
    _body,
    _create,
    _office,
    _office_url,
    _step,
)
from .conftest import VCB, shop_data

pytestmark = pytest.mark.django_db


# --- Owners ----------------------------------------------------------------------------------


def test_given_no_token_when_using_my_shops_then_401(client: Any, demo_province: Any):
    assert api_error(client.get("/api/v1/me/shops"), 401)["code"] == "accounts.token_invalid"
    refused = client.post("/api/v1/me/shops", _body(), content_type=JSON)
    assert api_error(refused, 401)["code"] == "accounts.token_invalid"
    bad = client.get("/api/v1/me/shops", HTTP_AUTHORIZATION="Bearer nope")
    assert api_error(bad, 401)["code"] == "accounts.token_invalid"
    assert not Shop.objects.exists()


def test_given_an_owner_when_creating_a_draft_then_201_normalised_and_not_public(
    client: Any, owner: Any
):
    response = _create(client, owner, tax_code="0300588569")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["is_public"] is False
    assert body["can_edit"] and body["can_submit"] and body["can_delete"]
    assert not body["can_propose_change"] and body["requests"] == [] and body["proposed"] is None
    values = body["values"]
    assert values["phone"] == "+84912345678" and values["phone_public"] is False
    assert values["ward"] == "TN.P.TANNINH" and values["tax_code"] == "0300588569"
    assert values["accounts"] == [
        {"bank_bin": VCB, "account": "0123456789", "holder": "NGUYEN THI TU"}
    ]
    assert body["hours"]["0"] == [["06:00", "21:00"]]
    assert "no-store" in response["Cache-Control"]
    shop = Shop.objects.get()
    assert str(shop.public_id) == body["id"] and shop.owner == owner
    assert client.get("/api/v1/shops").json()["items"] == []
    mine = client.get("/api/v1/me/shops", **bearer(owner)).json()
    assert [s["id"] for s in mine["items"]] == [body["id"]] and mine["count"] == 1


def test_given_no_point_when_creating_then_the_chosen_ward(client: Any, owner: Any):
    response = _create(client, owner, lat=None, lng=None, ward="TN.P.TANNINH")
    assert response.status_code == 201, response.content
    assert response.json()["values"]["ward"] == "TN.P.TANNINH"
    assert response.json()["values"]["lat"] is None


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"name": " "}, "shops.no_name", "name"),
        ({"category": "nope"}, "shops.bad_category", "category"),
        ({"address": ""}, "shops.no_address", "address"),
        ({"lat": 10.0, "lng": 105.0}, "shops.outside", "location"),
        ({"lat": 95.0, "lng": 106.0}, "shops.bad_location", "location"),
        ({"lat": None, "lng": None, "ward": "TN.NOPE"}, "shops.bad_ward", "ward"),
        ({"phone": "12345"}, "accounts.bad_phone", "phone"),
        ({"methods": ["cash"]}, "shops.bad_method", "methods"),
        ({"links": ["javascript:alert(1)"]}, "shops.bad_link", "links"),
        ({"accounts": [{"bank_bin": "999999", "account": "123456", "holder": "A B"}]},
         "shops.bad_bank", "bank_bin"),
        ({"hours_text": "T2-T6 25:00-26:00"}, "shops.bad_hours", None),
        ({"lat": "abc"}, "invalid_input", "lat"),
        ({"accounts": "0123456789"}, "invalid_input", "accounts"),
        ({"methods": "momo"}, "invalid_input", "methods"),
        ({"name": ["a", "b"]}, "invalid_input", "name"),
        ({"phone_public": "perhaps"}, "invalid_input", "phone_public"),
    ],
)  # fmt: skip
def test_given_bad_input_when_creating_then_400_with_the_code_and_field(
    client: Any, owner: Any, overrides: dict[str, Any], code: str, field: str | None
):
    body = api_error(_create(client, owner, **overrides), 400)
    assert body["code"] == code
    if field:
        assert field in body["fields"], body
    assert not Shop.objects.exists()


def test_given_an_unreadable_body_when_creating_then_400_not_500(client: Any, owner: Any):
    response = client.post("/api/v1/me/shops", "{not json", content_type=JSON, **bearer(owner))
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"code", "message", "fields"}
    empty = client.post("/api/v1/me/shops", {}, content_type=JSON, **bearer(owner))
    assert api_error(empty, 400)["code"] == "shops.no_name"


def test_given_many_drafts_when_creating_another_then_refused(client: Any, owner: Any):
    for n in range(MAX_DRAFTS):
        shop_draft_save(owner=owner, data=shop_data(name=f"Nháp {n}"))
    assert api_error(_create(client, owner), 400)["code"] == "shops.too_many_drafts"


def test_given_a_key_when_creating_twice_then_one_draft(client: Any, owner: Any):
    headers = {**bearer(owner), "HTTP_IDEMPOTENCY_KEY": "shop-create-0001"}
    first = client.post("/api/v1/me/shops", _body(), content_type=JSON, **headers)
    again = client.post("/api/v1/me/shops", _body(), content_type=JSON, **headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and Shop.objects.count() == 1


def test_given_a_draft_when_editing_then_saved_whole(client: Any, owner: Any):
    created = _create(client, owner).json()
    url = f"/api/v1/me/shops/{created['id']}"

    response = client.put(
        url,
        _body(name="Tạp hóa Bà Tư 2", phone_public=True, methods=["momo", "card"]),
        content_type=JSON,
        **bearer(owner),
    )

    assert response.status_code == 200, response.content
    values = response.json()["values"]
    assert values["name"] == "Tạp hóa Bà Tư 2" and values["phone_public"] is True
    assert values["methods"] == ["card", "momo"]  # the list's order
    assert client.get(url, **bearer(owner)).json()["values"]["name"] == "Tạp hóa Bà Tư 2"
    bad = client.put(url, _body(name=""), content_type=JSON, **bearer(owner))
    assert api_error(bad, 400)["code"] == "shops.no_name"
    assert Shop.objects.get().name == "Tạp hóa Bà Tư 2"


def test_given_another_owner_when_touching_a_draft_then_404_and_unchanged(
    client: Any, owner: Any, django_user_model: Any
):
    created = _create(client, owner).json()
    other = django_user_model.objects.create_user("khac", password="x" * 12)
    url = f"/api/v1/me/shops/{created['id']}"
    auth = bearer(other)

    assert api_error(client.get(url, **auth), 404)["code"] == "shops.not_found"
    put = client.put(url, _body(name="Của tôi"), content_type=JSON, **auth)
    assert api_error(put, 404)["code"] == "shops.not_found"
    assert api_error(client.post(f"{url}/submit", **auth), 404)["code"] == "shops.not_found"
    assert api_error(client.delete(url, **auth), 404)["code"] == "shops.not_found"
    assert client.get("/api/v1/me/shops", **auth).json()["items"] == []
    shop = Shop.objects.get()
    assert shop.name == "Tạp hóa Bà Tư" and shop.status == Shop.Status.DRAFT
    assert api_error(client.get("/api/v1/me/shops/nope", **bearer(owner)), 404)


def test_given_a_draft_when_submitting_then_a_case_at_the_ward_and_no_more_edits(
    client: Any, owner: Any
):
    incomplete = _create(client, owner, accounts=[]).json()
    refused = client.post(f"/api/v1/me/shops/{incomplete['id']}/submit", **bearer(owner))
    assert api_error(refused, 400)["code"] == "shops.no_account"

    created = _create(client, owner).json()
    url = f"/api/v1/me/shops/{created['id']}"
    response = client.post(f"{url}/submit", **bearer(owner))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "submitted" and not body["can_edit"] and not body["can_delete"]
    (request,) = body["requests"]
    assert request["kind"] == "registration" and request["state"] == "submitted"
    assert request["open"] is True and request["code"].startswith("CH-")
    case = Case.objects.get(public_id=request["id"])
    assert case.kind == "shop" and case.agency.code == "TN.P.TANNINH"
    assert api_error(client.post(f"{url}/submit", **bearer(owner)), 409)["code"] == (
        "shops.already_sent"
    )
    edit = client.put(url, _body(name="Đổi tên"), content_type=JSON, **bearer(owner))
    assert api_error(edit, 409)["code"] == "shops.not_editable"
    assert api_error(client.delete(url, **bearer(owner)), 409)["code"] == "shops.not_draft"
    assert client.get(f"/api/v1/shops/{created['id']}").status_code == 404


def test_given_a_draft_when_deleting_then_204_and_gone_with_its_photos(
    client: Any, owner: Any, django_capture_on_commit_callbacks: Any
):
    from tests.reports.conftest import photo, stored_files

    created = _create(client, owner).json()
    url = f"/api/v1/me/shops/{created['id']}"
    before = stored_files()
    assert client.post(f"{url}/photos", {"photos": [photo()]}, **bearer(owner)).status_code == 201
    assert len(stored_files() - before) == 2  # the photo and its thumbnail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete(url, **bearer(owner))
    assert response.status_code == 204, response.content
    assert not Shop.objects.exists() and stored_files() == before
    assert api_error(client.delete(url, **bearer(owner)), 404)["code"] == "shops.not_found"


def test_given_a_certified_shop_when_editing_then_a_change_kept_apart_until_approved(
    client: Any, owner: Any, ward_official: Any, certified: Any
):
    shop = certified()
    url = f"/api/v1/me/shops/{shop.public_id}"

    response = client.put(
        url, _body(name="Tạp hóa Bà Tư Mới", phone_public=True), content_type=JSON, **bearer(owner)
    )

    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "approved" and body["values"]["name"] == "Tạp hóa Bà Tư"
    assert body["proposed"]["name"] == "Tạp hóa Bà Tư Mới" and not body["can_propose_change"]
    assert [r["kind"] for r in body["requests"]] == ["change", "registration"]
    public = client.get(f"/api/v1/shops/{shop.public_id}").json()
    assert public["name"] == "Tạp hóa Bà Tư" and public["phone"] is None
    again = client.put(url, _body(name="Lần nữa"), content_type=JSON, **bearer(owner))
    assert api_error(again, 409)["code"] == "shops.change_open"
    assert api_error(client.delete(url, **bearer(owner)), 409)["code"] == "shops.not_draft"

    _office(client, ward_official)
    change = ShopRequest.objects.get(kind="change")
    detail = client.get(_office_url(change)).json()
    changed = {c["field"]: (c["before"], c["after"]) for c in detail["changes"]}
    assert changed["name"] == ("Tạp hóa Bà Tư", "Tạp hóa Bà Tư Mới")
    assert changed["phone_public"] == (False, True)
    assert detail["kind"] == "change" and detail["proposed"]["name"] == "Tạp hóa Bà Tư Mới"
    approved = _step(client, change, "approve")
    assert approved.status_code == 200, approved.content
    client.logout()

    public = client.get(f"/api/v1/shops/{shop.public_id}").json()
    assert public["name"] == "Tạp hóa Bà Tư Mới" and public["phone"] == "0912 345 678"
    mine = client.get(url, **bearer(owner)).json()
    assert mine["proposed"] is None and mine["can_propose_change"]


def test_photos_through_the_api_and_withdrawing(
    client: Any, owner: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.reports.conftest import photo, stored_files

    created = _create(client, owner).json()
    url = f"/api/v1/me/shops/{created['id']}"
    added = client.post(f"{url}/photos", {"photos": [photo(), photo()]}, **bearer(owner))
    assert added.status_code == 201, added.content
    photos = added.json()["photos"]
    assert len(photos) == 2
    assert api_error(client.post(f"{url}/photos", {}, **bearer(owner)), 400)["code"] == (
        "shops.no_photo"
    )
    bad = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    assert api_error(client.post(f"{url}/photos", {"photos": [bad]}, **bearer(owner)), 400)
    too_many = client.post(f"{url}/photos", {"photos": [photo() for _ in range(4)]},
                           **bearer(owner))  # fmt: skip
    assert api_error(too_many, 400)["code"] == "shops.too_many_photos"
    kept = stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        removed = client.delete(f"{url}/photos/{photos[0]['id']}", **bearer(owner))
    assert removed.status_code == 204
    assert len(kept - stored_files()) == 2  # its file and thumbnail went; the other's stay
    assert api_error(client.delete(f"{url}/photos/{photos[0]['id']}", **bearer(owner)), 404)
    assert api_error(client.post(f"{url}/withdraw", **bearer(owner)), 409)["code"] == (
        "shops.nothing_to_withdraw"
    )
    assert client.post(f"{url}/submit", **bearer(owner)).status_code == 200
    withdrawn = client.post(f"{url}/withdraw", **bearer(owner))
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
