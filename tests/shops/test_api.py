"""The shops JSON API: the public directory (certified shops only, filters, search without
accents, open now, near me, paging), a shop with its VietQR, owners' drafts, sending, change
requests and deleting (their own shops only), the wards' verification requests (office
sessions, scoped to the official's agencies) and steps through the case engine. Errors are
{code, message, fields}, never a 500; the owner's private phone, name and tax code never reach
the public."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from openprovince.accounts.services.api_tokens import api_tokens_issue
from openprovince.cases.models import Case
from openprovince.cases.services.transitions import case_transition
from openprovince.shops import api as shops_api
from openprovince.shops.models import Shop, ShopRequest
from openprovince.shops.services.registration import MAX_DRAFTS, shop_draft_save, shop_submit
from tests.conftest import sign_in_official

from .conftest import TAN_NINH, VCB, shop_data

pytestmark = pytest.mark.django_db
JSON = "application/json"
PRIVATE = ("+84912345678", "0912 345 678", "912345678", "Nguyễn Thị Tư", "0300588569")


def _auth(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_tokens_issue(user=user).access_token}"}


def _error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"} and body["message"]
    return body


def _strings(value: Any) -> list[str]:
    """Every string (keys and values) of a JSON answer."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (str(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)] if value is not None else []


def _no_private(response: Any) -> None:
    text = "\n".join(_strings(response.json()))
    for secret in PRIVATE:
        assert secret not in text, secret
    assert "owner_name" not in text and "tax_code" not in text


def _body(**overrides: Any) -> dict[str, Any]:
    """shop_data as an API client sends it (numbers for the point)."""
    data = shop_data()
    data["lat"], data["lng"] = TAN_NINH
    return {**data, **overrides}


def _create(client: Any, user: Any, **overrides: Any) -> Any:
    return client.post("/api/v1/me/shops", _body(**overrides), content_type=JSON, **_auth(user))


def _office(client: Any, user: Any) -> Any:
    return sign_in_official(client, user)


def _request_of(shop: Shop) -> ShopRequest:
    found = shop.requests.select_related("case").order_by("-id").first()
    assert found is not None
    return found


def _office_url(shop_request: ShopRequest, suffix: str = "") -> str:
    return f"/api/v1/office/shop-requests/{shop_request.case.public_id}{suffix}"


def _step(client: Any, shop_request: ShopRequest, action: str, **fields: Any) -> Any:
    return client.post(
        _office_url(shop_request, "/transition"),
        {"action": action, **fields},
        content_type=JSON,
    )


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
    body = _error(client.get("/api/v1/shops", params), 400)
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
        assert _error(client.get(url), 404)["code"] == "shops.not_found"
        assert _error(client.get(url, **_auth(owner)), 404)["code"] == "shops.not_found"
    assert _error(client.get("/api/v1/shops/not-a-uuid"), 404)["code"] == "shops.not_found"


# --- Owners ----------------------------------------------------------------------------------


def test_given_no_token_when_using_my_shops_then_401(client: Any, demo_province: Any):
    assert _error(client.get("/api/v1/me/shops"), 401)["code"] == "accounts.token_invalid"
    refused = client.post("/api/v1/me/shops", _body(), content_type=JSON)
    assert _error(refused, 401)["code"] == "accounts.token_invalid"
    bad = client.get("/api/v1/me/shops", HTTP_AUTHORIZATION="Bearer nope")
    assert _error(bad, 401)["code"] == "accounts.token_invalid"
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
    mine = client.get("/api/v1/me/shops", **_auth(owner)).json()
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
    body = _error(_create(client, owner, **overrides), 400)
    assert body["code"] == code
    if field:
        assert field in body["fields"], body
    assert not Shop.objects.exists()


def test_given_an_unreadable_body_when_creating_then_400_not_500(client: Any, owner: Any):
    response = client.post("/api/v1/me/shops", "{not json", content_type=JSON, **_auth(owner))
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"code", "message", "fields"}
    empty = client.post("/api/v1/me/shops", {}, content_type=JSON, **_auth(owner))
    assert _error(empty, 400)["code"] == "shops.no_name"


def test_given_many_drafts_when_creating_another_then_refused(client: Any, owner: Any):
    for n in range(MAX_DRAFTS):
        shop_draft_save(owner=owner, data=shop_data(name=f"Nháp {n}"))
    assert _error(_create(client, owner), 400)["code"] == "shops.too_many_drafts"


def test_given_a_key_when_creating_twice_then_one_draft(client: Any, owner: Any):
    headers = {**_auth(owner), "HTTP_IDEMPOTENCY_KEY": "shop-create-0001"}
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
        **_auth(owner),
    )

    assert response.status_code == 200, response.content
    values = response.json()["values"]
    assert values["name"] == "Tạp hóa Bà Tư 2" and values["phone_public"] is True
    assert values["methods"] == ["card", "momo"]  # the list's order
    assert client.get(url, **_auth(owner)).json()["values"]["name"] == "Tạp hóa Bà Tư 2"
    bad = client.put(url, _body(name=""), content_type=JSON, **_auth(owner))
    assert _error(bad, 400)["code"] == "shops.no_name"
    assert Shop.objects.get().name == "Tạp hóa Bà Tư 2"


def test_given_another_owner_when_touching_a_draft_then_404_and_unchanged(
    client: Any, owner: Any, django_user_model: Any
):
    created = _create(client, owner).json()
    other = django_user_model.objects.create_user("khac", password="x" * 12)
    url = f"/api/v1/me/shops/{created['id']}"
    auth = _auth(other)

    assert _error(client.get(url, **auth), 404)["code"] == "shops.not_found"
    put = client.put(url, _body(name="Của tôi"), content_type=JSON, **auth)
    assert _error(put, 404)["code"] == "shops.not_found"
    assert _error(client.post(f"{url}/submit", **auth), 404)["code"] == "shops.not_found"
    assert _error(client.delete(url, **auth), 404)["code"] == "shops.not_found"
    assert client.get("/api/v1/me/shops", **auth).json()["items"] == []
    shop = Shop.objects.get()
    assert shop.name == "Tạp hóa Bà Tư" and shop.status == Shop.Status.DRAFT
    assert _error(client.get("/api/v1/me/shops/nope", **_auth(owner)), 404)


def test_given_a_draft_when_submitting_then_a_case_at_the_ward_and_no_more_edits(
    client: Any, owner: Any
):
    incomplete = _create(client, owner, accounts=[]).json()
    refused = client.post(f"/api/v1/me/shops/{incomplete['id']}/submit", **_auth(owner))
    assert _error(refused, 400)["code"] == "shops.no_account"

    created = _create(client, owner).json()
    url = f"/api/v1/me/shops/{created['id']}"
    response = client.post(f"{url}/submit", **_auth(owner))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "submitted" and not body["can_edit"] and not body["can_delete"]
    (request,) = body["requests"]
    assert request["kind"] == "registration" and request["state"] == "submitted"
    assert request["open"] is True and request["code"].startswith("CH-")
    case = Case.objects.get(public_id=request["id"])
    assert case.kind == "shop" and case.agency.code == "TN.P.TANNINH"
    assert _error(client.post(f"{url}/submit", **_auth(owner)), 409)["code"] == (
        "shops.already_sent"
    )
    edit = client.put(url, _body(name="Đổi tên"), content_type=JSON, **_auth(owner))
    assert _error(edit, 409)["code"] == "shops.not_editable"
    assert _error(client.delete(url, **_auth(owner)), 409)["code"] == "shops.not_draft"
    assert client.get(f"/api/v1/shops/{created['id']}").status_code == 404


def test_given_a_draft_when_deleting_then_204_and_gone(client: Any, owner: Any):
    created = _create(client, owner).json()
    url = f"/api/v1/me/shops/{created['id']}"
    response = client.delete(url, **_auth(owner))
    assert response.status_code == 204, response.content
    assert not Shop.objects.exists()
    assert _error(client.delete(url, **_auth(owner)), 404)["code"] == "shops.not_found"


def test_given_a_certified_shop_when_editing_then_a_change_kept_apart_until_approved(
    client: Any, owner: Any, ward_official: Any, certified: Any
):
    shop = certified()
    url = f"/api/v1/me/shops/{shop.public_id}"

    response = client.put(
        url, _body(name="Tạp hóa Bà Tư Mới", phone_public=True), content_type=JSON, **_auth(owner)
    )

    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "approved" and body["values"]["name"] == "Tạp hóa Bà Tư"
    assert body["proposed"]["name"] == "Tạp hóa Bà Tư Mới" and not body["can_propose_change"]
    assert [r["kind"] for r in body["requests"]] == ["change", "registration"]
    public = client.get(f"/api/v1/shops/{shop.public_id}").json()
    assert public["name"] == "Tạp hóa Bà Tư" and public["phone"] is None
    again = client.put(url, _body(name="Lần nữa"), content_type=JSON, **_auth(owner))
    assert _error(again, 409)["code"] == "shops.change_open"
    assert _error(client.delete(url, **_auth(owner)), 409)["code"] == "shops.not_draft"

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
    mine = client.get(url, **_auth(owner)).json()
    assert mine["proposed"] is None and mine["can_propose_change"]


# --- Officials -------------------------------------------------------------------------------


@pytest.fixture
def sent(owner: Any) -> ShopRequest:
    shop = shop_draft_save(owner=owner, data=shop_data(tax_code="0300588569"))
    return shop_submit(owner=owner, shop=shop)


def test_given_a_sent_shop_when_its_ward_lists_and_reads_then_everything_to_verify(
    client: Any, sent: ShopRequest, ward_official: Any
):
    _office(client, ward_official)

    listed = client.get("/api/v1/office/shop-requests")
    detail = client.get(_office_url(sent))

    assert listed.status_code == 200, listed.content
    (item,) = listed.json()["items"]
    assert item["id"] == str(sent.case.public_id) and item["kind"] == "registration"
    assert item["shop_name"] == "Tạp hóa Bà Tư" and item["agency"]["code"] == "TN.P.TANNINH"
    assert item["state"] == "submitted" and item["due_at"]
    assert "no-store" in listed["Cache-Control"]
    assert detail.status_code == 200, detail.content
    body = detail.json()
    assert body["version"] == sent.case.version and body["changes"] == []
    assert body["proposed"] is None
    shop = body["shop"]
    assert shop["values"]["phone"] == "+84912345678" and shop["values"]["tax_code"]
    assert shop["owner"] and shop["status"] == "submitted"
    assert shop["accounts"][0]["vietqr"].startswith("000201")
    assert {a["code"] for a in body["actions"]} == {"verify", "approve", "ask_changes", "reject"}
    assert [t["step"] for t in body["timeline"]] == ["open"]
    closed = client.get("/api/v1/office/shop-requests", {"closed": "true"}).json()
    assert closed["items"] == []
    changes_only = client.get("/api/v1/office/shop-requests", {"kind": "change"}).json()
    assert changes_only["count"] == 0
    bad_kind = client.get("/api/v1/office/shop-requests", {"kind": "other"})
    assert _error(bad_kind, 400)["code"] == "shops.bad_kind"


def test_given_other_people_when_using_office_endpoints_then_401_403_or_404(
    client: Any,
    sent: ShopRequest,
    owner: Any,
    other_ward_official: Any,
    django_user_model: Any,
):
    urls = ("/api/v1/office/shop-requests", _office_url(sent))
    for url in urls:
        assert _error(client.get(url), 401)["code"] == "accounts.office_session_required"
        bearer = client.get(url, **_auth(owner))
        assert _error(bearer, 401)["code"] == "accounts.office_session_required"
    client.force_login(owner)  # a citizen's own session is not an office session
    assert _error(client.get(urls[0]), 401)
    assert _error(_step(client, sent, "approve"), 401)
    staff = django_user_model.objects.create_user("staff", password="x" * 12, is_staff=True)
    _office(client, staff)  # staff, but no role anywhere
    for url in urls:
        assert _error(client.get(url), 403)["code"] == "shops.not_allowed"
    _office(client, other_ward_official)
    assert client.get(urls[0]).json()["items"] == []
    assert _error(client.get(urls[1]), 404)["code"] == "shops.request_not_found"
    assert _error(_step(client, sent, "approve"), 404)["code"] == "shops.request_not_found"
    assert _error(client.get("/api/v1/office/shop-requests/abc"), 404)
    sent.case.refresh_from_db()
    assert sent.case.state == "submitted"


def test_given_a_request_when_the_ward_asks_for_changes_then_the_owner_sees_why_and_resends(
    client: Any, sent: ShopRequest, owner: Any, ward_official: Any
):
    _office(client, ward_official)
    no_note = _step(client, sent, "ask_changes")
    assert _error(no_note, 400)["code"] == "cases.note_required"

    asked = _step(client, sent, "ask_changes", note="Thiếu ảnh mặt tiền.")

    assert asked.status_code == 200, asked.content
    assert asked.json()["state"] == "changes_requested" and asked.json()["actions"] == [
        {"code": "reject", "name": asked.json()["actions"][0]["name"], "note_required": True}
    ]
    client.logout()
    url = f"/api/v1/me/shops/{sent.shop.public_id}"
    mine = client.get(url, **_auth(owner)).json()
    assert mine["status"] == "changes" and mine["can_edit"] and mine["can_submit"]
    notes = [t["note"] for t in mine["requests"][0]["timeline"]]
    assert "Thiếu ảnh mặt tiền." in notes
    edited = client.put(url, _body(address="14 đường 30/4"), content_type=JSON, **_auth(owner))
    assert edited.status_code == 200, edited.content
    resent = client.post(f"{url}/submit", **_auth(owner))
    assert resent.status_code == 200, resent.content
    assert resent.json()["status"] == "submitted"
    assert resent.json()["requests"][0]["state"] == "submitted"


def test_given_a_request_when_approved_then_certified_listed_and_closed(
    client: Any, sent: ShopRequest, ward_official: Any
):
    _office(client, ward_official)
    version = client.get(_office_url(sent)).json()["version"]
    verified = _step(client, sent, "verify", version=version)
    assert verified.status_code == 200, verified.content
    assert verified.json()["state"] == "verifying"
    stale = _step(client, sent, "approve", version=version)
    assert _error(stale, 409)["code"] == "cases.changed"

    approved = _step(client, sent, "approve", version=verified.json()["version"])

    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert body["state"] == "approved" and body["closed_at"] and body["actions"] == []
    assert body["shop"]["status"] == "approved" and body["shop"]["certificate_code"]
    assert _error(_step(client, sent, "reject", note="Muộn"), 409)["code"] == "cases.wrong_state"
    assert client.get("/api/v1/office/shop-requests").json()["items"] == []
    closed = client.get("/api/v1/office/shop-requests", {"closed": "true"}).json()
    assert [i["id"] for i in closed["items"]] == [str(sent.case.public_id)]
    client.logout()
    listed = client.get("/api/v1/shops").json()["items"]
    assert [s["id"] for s in listed] == [str(sent.shop.public_id)]


@pytest.mark.parametrize("action", ["resubmit", "withdraw", "open", "", "x" * 500])
def test_given_an_owner_step_or_nonsense_when_an_official_takes_it_then_400(
    client: Any, sent: ShopRequest, ward_official: Any, action: str
):
    _office(client, ward_official)
    body = _error(_step(client, sent, action), 400)
    assert body["code"] == "shops.bad_action" and "action" in body["fields"]
    wrong_type = client.post(
        _office_url(sent, "/transition"), {"action": ["approve"]}, content_type=JSON
    )
    assert _error(wrong_type, 400)["code"] == "invalid_input"


def test_given_a_rejection_when_taken_then_the_shop_is_not_accepted(
    client: Any, sent: ShopRequest, ward_official: Any, owner: Any
):
    _office(client, ward_official)
    rejected = _step(client, sent, "reject", note="Không có cửa hàng ở địa chỉ này.")
    assert rejected.status_code == 200, rejected.content
    assert rejected.json()["shop"]["status"] == "rejected"
    client.logout()
    mine = client.get(f"/api/v1/me/shops/{sent.shop.public_id}", **_auth(owner)).json()
    assert mine["status"] == "rejected" and not mine["can_edit"] and not mine["can_submit"]


def test_given_a_handler_when_approving_then_403_from_the_case_engine(
    client: Any, sent: ShopRequest, django_user_model: Any
):
    from openprovince.accounts.models import RoleAssignment
    from openprovince.agencies.models import Agency

    handler = django_user_model.objects.create_user("canbo", password="x" * 12, is_staff=True)
    RoleAssignment.objects.create(
        user=handler, agency=Agency.objects.get(code="TN.P.TANNINH"), role="handler"
    )
    _office(client, handler)
    actions = {a["code"] for a in client.get(_office_url(sent)).json()["actions"]}
    assert actions == {"verify", "ask_changes"}
    assert _error(_step(client, sent, "approve"), 403)["code"] == "cases.not_allowed"
    case_transition(case_id=sent.case_id, action="verify", actor=handler)
    assert client.get(_office_url(sent)).json()["state"] == "verifying"


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
    mine = client.get(f"/api/v1/me/shops/{draft.public_id}", **_auth(owner)).json()
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


def test_photos_through_the_api_and_withdrawing(client: Any, owner: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.reports.conftest import photo

    created = _create(client, owner).json()
    url = f"/api/v1/me/shops/{created['id']}"
    added = client.post(f"{url}/photos", {"photos": [photo(), photo()]}, **_auth(owner))
    assert added.status_code == 201, added.content
    photos = added.json()["photos"]
    assert len(photos) == 2
    assert _error(client.post(f"{url}/photos", {}, **_auth(owner)), 400)["code"] == (
        "shops.no_photo"
    )
    bad = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    assert _error(client.post(f"{url}/photos", {"photos": [bad]}, **_auth(owner)), 400)
    too_many = client.post(f"{url}/photos", {"photos": [photo() for _ in range(4)]},
                           **_auth(owner))  # fmt: skip
    assert _error(too_many, 400)["code"] == "shops.too_many_photos"
    removed = client.delete(f"{url}/photos/{photos[0]['id']}", **_auth(owner))
    assert removed.status_code == 204
    assert _error(client.delete(f"{url}/photos/{photos[0]['id']}", **_auth(owner)), 404)
    assert _error(client.post(f"{url}/withdraw", **_auth(owner)), 409)["code"] == (
        "shops.nothing_to_withdraw"
    )
    assert client.post(f"{url}/submit", **_auth(owner)).status_code == 200
    withdrawn = client.post(f"{url}/withdraw", **_auth(owner))
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
