"""The shops JSON API, officials' side: verification requests scoped to the official's
agencies (office sessions) and steps through the case engine."""

from __future__ import annotations

from typing import Any

import pytest

from openprovince.cases.services.transitions import case_transition
from openprovince.shops.models import ShopRequest
from openprovince.shops.services.registration import shop_draft_save, shop_submit
from tests.conftest import api_error, bearer

from .api_helpers import (
    JSON,
    _body,
    _office,
    _office_url,
    _step,
)
from .conftest import shop_data

pytestmark = pytest.mark.django_db


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
    assert api_error(bad_kind, 400)["code"] == "shops.bad_kind"


def test_given_other_people_when_using_office_endpoints_then_401_403_or_404(
    client: Any,
    sent: ShopRequest,
    owner: Any,
    other_ward_official: Any,
    django_user_model: Any,
):
    urls = ("/api/v1/office/shop-requests", _office_url(sent))
    for url in urls:
        assert api_error(client.get(url), 401)["code"] == "accounts.office_session_required"
        by_token = client.get(url, **bearer(owner))
        assert api_error(by_token, 401)["code"] == "accounts.office_session_required"
    client.force_login(owner)  # a citizen's own session is not an office session
    assert api_error(client.get(urls[0]), 401)
    assert api_error(_step(client, sent, "approve"), 401)
    staff = django_user_model.objects.create_user("staff", password="x" * 12, is_staff=True)
    _office(client, staff)  # staff, but no role anywhere
    for url in urls:
        assert api_error(client.get(url), 403)["code"] == "shops.not_allowed"
    _office(client, other_ward_official)
    assert client.get(urls[0]).json()["items"] == []
    assert api_error(client.get(urls[1]), 404)["code"] == "shops.request_not_found"
    assert api_error(_step(client, sent, "approve"), 404)["code"] == "shops.request_not_found"
    assert api_error(client.get("/api/v1/office/shop-requests/abc"), 404)
    sent.case.refresh_from_db()
    assert sent.case.state == "submitted"


def test_given_a_request_when_the_ward_asks_for_changes_then_the_owner_sees_why_and_resends(
    client: Any, sent: ShopRequest, owner: Any, ward_official: Any
):
    _office(client, ward_official)
    no_note = _step(client, sent, "ask_changes")
    assert api_error(no_note, 400)["code"] == "cases.note_required"

    asked = _step(client, sent, "ask_changes", note="Thiếu ảnh mặt tiền.")

    assert asked.status_code == 200, asked.content
    assert asked.json()["state"] == "changes_requested" and asked.json()["actions"] == [
        {"code": "reject", "name": asked.json()["actions"][0]["name"], "note_required": True}
    ]
    client.logout()
    url = f"/api/v1/me/shops/{sent.shop.public_id}"
    mine = client.get(url, **bearer(owner)).json()
    assert mine["status"] == "changes" and mine["can_edit"] and mine["can_submit"]
    notes = [t["note"] for t in mine["requests"][0]["timeline"]]
    assert "Thiếu ảnh mặt tiền." in notes
    edited = client.put(url, _body(address="14 đường 30/4"), content_type=JSON, **bearer(owner))
    assert edited.status_code == 200, edited.content
    resent = client.post(f"{url}/submit", **bearer(owner))
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
    assert api_error(stale, 409)["code"] == "cases.changed"

    approved = _step(client, sent, "approve", version=verified.json()["version"])

    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert body["state"] == "approved" and body["closed_at"] and body["actions"] == []
    assert body["shop"]["status"] == "approved" and body["shop"]["certificate_code"]
    assert api_error(_step(client, sent, "reject", note="Muộn"), 409)["code"] == "cases.wrong_state"
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
    body = api_error(_step(client, sent, action), 400)
    assert body["code"] == "shops.bad_action" and "action" in body["fields"]
    wrong_type = client.post(
        _office_url(sent, "/transition"), {"action": ["approve"]}, content_type=JSON
    )
    assert api_error(wrong_type, 400)["code"] == "invalid_input"


def test_given_a_rejection_when_taken_then_the_shop_is_not_accepted(
    client: Any, sent: ShopRequest, ward_official: Any, owner: Any
):
    _office(client, ward_official)
    rejected = _step(client, sent, "reject", note="Không có cửa hàng ở địa chỉ này.")
    assert rejected.status_code == 200, rejected.content
    assert rejected.json()["shop"]["status"] == "rejected"
    client.logout()
    mine = client.get(f"/api/v1/me/shops/{sent.shop.public_id}", **bearer(owner)).json()
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
    assert api_error(_step(client, sent, "approve"), 403)["code"] == "cases.not_allowed"
    case_transition(case_id=sent.case_id, action="verify", actor=handler)
    assert client.get(_office_url(sent)).json()["state"] == "verifying"
