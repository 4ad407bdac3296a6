"""The public directory: search, filters, "open now" across midnight, "near me", privacy."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from openprovince.shops.selectors import Filters, shops_directory, shops_near
from openprovince.shops.services.registration import shop_draft_save

from .conftest import TAN_NINH, shop_data

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def names(shops: list[Any]) -> set[str]:
    return {s.name for s in shops}


@pytest.fixture
def shops(certified: Any, owner: Any) -> dict[str, Any]:
    lat, lng = TAN_NINH
    made = {
        "grocery": certified(),
        "eatery": certified(
            name="Quán cơm Ngọc Hường", category="an-uong", methods=["zalopay"],
            lat=str(lat + 0.01), lng=str(lng + 0.01), hours_text="T2-T7 18:00-02:00",
        ),
        "pharmacy": certified(
            name="Nhà thuốc Hòa Bình", category="thuoc", methods=[], lat=str(lat + 0.05),
            lng=str(lng), hours_text="",
        ),
    }  # fmt: skip
    # Not certified: never listed.
    shop_draft_save(owner=owner, data=shop_data(name="Tạp hóa Nháp"))
    return made


def test_filters(shops: dict[str, Any]) -> None:
    assert names(shops_directory(Filters())) == {
        "Tạp hóa Bà Tư", "Quán cơm Ngọc Hường", "Nhà thuốc Hòa Bình",
    }  # fmt: skip
    assert names(shops_directory(Filters(category="an-uong"))) == {"Quán cơm Ngọc Hường"}
    assert names(shops_directory(Filters(method="zalopay"))) == {"Quán cơm Ngọc Hường"}
    assert names(shops_directory(Filters(ward="TN.P.TANNINH", category="tap-hoa"))) == {
        "Tạp hóa Bà Tư"
    }
    assert shops_directory(Filters(ward="TN.X.NOWHERE")) == []


def test_search_ignores_diacritics_and_typos(shops: dict[str, Any]) -> None:
    found = shops_directory(Filters(query="quan com ngoc huong"))
    assert found[0].name == "Quán cơm Ngọc Hường"
    assert "Nhà thuốc Hòa Bình" in names(shops_directory(Filters(query="nha thuoc")))
    assert "Tạp hóa Nháp" not in names(shops_directory(Filters(query="tap hoa")))


@pytest.mark.parametrize(
    ("when", "open_names"),
    [
        # Tuesday 23:30: the grocery closed at 21:00; the eatery (18:00-02:00) is open.
        (datetime(2026, 12, 1, 23, 30, tzinfo=VN), {"Quán cơm Ngọc Hường"}),
        # Wednesday 01:30: still Tuesday night's opening.
        (datetime(2026, 12, 2, 1, 30, tzinfo=VN), {"Quán cơm Ngọc Hường"}),
        # Sunday 01:30: Saturday night runs past midnight into Sunday.
        (datetime(2026, 12, 6, 1, 30, tzinfo=VN), {"Quán cơm Ngọc Hường"}),
        # Monday 01:30: the eatery does not open on Sunday evening.
        (datetime(2026, 12, 7, 1, 30, tzinfo=VN), set()),
        # Wednesday 10:00: the grocery; the pharmacy gave no hours, so never "open now".
        (datetime(2026, 12, 2, 10, 0, tzinfo=VN), {"Tạp hóa Bà Tư"}),
    ],
)
def test_open_now_across_midnight(
    shops: dict[str, Any], when: datetime, open_names: set[str]
) -> None:
    assert names(shops_directory(Filters(open_at=when))) == open_names


def test_near_me_nearest_first(shops: dict[str, Any]) -> None:
    lat, lng = TAN_NINH
    near = shops_near(lat=lat, lng=lng, filters=Filters())
    assert [n.shop.name for n in near] == [
        "Tạp hóa Bà Tư", "Quán cơm Ngọc Hường", "Nhà thuốc Hòa Bình",
    ]  # fmt: skip
    assert near[0].km == 0 and 1.0 < near[1].km < 2.0 and 5 < near[2].km < 6
    assert shops_near(lat=lat, lng=lng, filters=Filters(category="thuoc"))[0].km > 5


def test_pages_keep_a_private_phone_private(client: Any, shops: dict[str, Any], owner: Any) -> None:
    shop = shops["grocery"]
    page = client.get(f"/shops/{shop.public_id}/").content.decode()
    assert "Tạp hóa Bà Tư" in page and "<svg" in page  # the payment QR
    assert "+84912345678" not in page and "0912" not in page
    public = shops["eatery"]
    public.phone_public = True
    public.save()
    assert "+84912345678" in client.get(f"/shops/{public.public_id}/").content.decode()
    listing = client.get("/shops/", {"q": "tap hoa"}).content.decode()
    assert "Tạp hóa Bà Tư" in listing and "Tạp hóa Nháp" not in listing


def test_directory_page_filters_and_near_me(client: Any, shops: dict[str, Any]) -> None:
    page = client.get("/shops/", {"category": "an-uong"}).content.decode()
    assert "Quán cơm Ngọc Hường" in page and "Tạp hóa Bà Tư" not in page
    lat, lng = TAN_NINH
    near = client.get("/shops/", {"lat": lat, "lng": lng}).content.decode()
    assert near.index("Tạp hóa Bà Tư") < near.index("Nhà thuốc Hòa Bình")
    assert client.get("/shops/", {"lat": "x", "lng": "1", "open": "1"}).status_code == 200


def test_a_draft_page_is_the_owners_only(client: Any, owner: Any) -> None:
    draft = shop_draft_save(owner=owner, data=shop_data())
    assert client.get(f"/shops/{draft.public_id}/").status_code == 404
    assert client.get(f"/shops/{draft.public_id}/standee.pdf").status_code == 404
    assert client.get("/shops/not-a-uuid/").status_code == 404
    client.force_login(owner)
    page = client.get(f"/shops/{draft.public_id}/").content.decode()
    assert 'class="notice" role="status"' in page and "Tạp hóa Bà Tư" in page


def test_map_page_holds_the_points_and_a_list_without_javascript(
    client: Any, shops: dict[str, Any]
) -> None:
    import json
    import re

    page = client.get("/shops/map", {"category": "an-uong"}).content.decode()
    match = re.search(r'<script id="shop-points" type="application/json">(.*?)</script>', page)
    assert match
    points = json.loads(match.group(1))
    assert [p["name"] for p in points] == ["Quán cơm Ngọc Hường"]
    assert points[0]["url"] == f"/shops/{shops['eatery'].public_id}/"
    assert "Quán cơm Ngọc Hường</a>" in page  # the list for pages without JavaScript
