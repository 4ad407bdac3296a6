"""What shows where: scheduling, expiry, targeting by commune/ward, search, home screen."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from openprovince.agencies.models import Agency
from openprovince.news.models import Article
from openprovince.news.selectors import Filters, news_feed
from openprovince.web.preferences import AREA_COOKIE

from .conftest import GO_DAU, TAN_NINH

pytestmark = pytest.mark.django_db


def _titles(area: str | None = None, **filters: Any) -> set[str]:
    agency = Agency.objects.get(code=area) if area else None
    return {a.title for a in news_feed(Filters(area=agency, **filters))}


def test_given_a_ward_notice_then_it_shows_in_that_ward_only(publish: Any) -> None:
    publish(title="Tin toàn tỉnh về tiêm chủng")
    publish(ward=TAN_NINH, title="Phường Tân Ninh phun thuốc diệt muỗi")
    assert _titles(TAN_NINH) == {
        "Tin toàn tỉnh về tiêm chủng",
        "Phường Tân Ninh phun thuốc diệt muỗi",
    }
    assert _titles(GO_DAU) == {"Tin toàn tỉnh về tiêm chủng"}
    assert _titles(None) == {"Tin toàn tỉnh về tiêm chủng"}


def test_given_a_scheduled_article_then_it_shows_only_from_its_time(publish: Any) -> None:
    later = timezone.localtime() + timedelta(hours=2)
    article = publish(title="Lễ hội sắp diễn ra", publish_at=later.strftime("%Y-%m-%dT%H:%M"))
    assert article.status == Article.Status.PUBLISHED
    assert "Lễ hội sắp diễn ra" not in _titles()
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert "Lễ hội sắp diễn ra" in _titles()


def test_given_an_expired_article_then_it_no_longer_shows(publish: Any) -> None:
    article = publish(title="Thông báo hết hạn hôm nay")
    Article.objects.filter(pk=article.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "Thông báo hết hạn hôm nay" not in _titles()
    assert Client().get(f"/news/{article.public_id}/").status_code == 404


def test_given_a_search_without_diacritics_then_it_finds_the_article(publish: Any) -> None:
    publish(title="Lịch cắt điện phường Tân Ninh")
    publish(
        title="Tuyển sinh lớp 10 năm học mới",
        category="giao-duc",
        summary="Học sinh nộp hồ sơ tại trường.",
        body="Hạn chót là ngày 30 tháng 6.",
    )
    assert _titles(query="lich cat dien") == {"Lịch cắt điện phường Tân Ninh"}
    assert _titles(query="tuyen sinh") == {"Tuyển sinh lớp 10 năm học mới"}


def test_given_a_pinned_article_then_it_comes_first(publish: Any) -> None:
    publish(title="Tin ghim đầu trang", is_pinned="1")
    publish(title="Tin mới hơn nhưng không ghim")
    first = news_feed(Filters()).first()
    assert first is not None and first.title == "Tin ghim đầu trang"


def test_given_the_device_chose_a_ward_then_the_news_page_and_home_follow_it(
    client: Client, publish: Any
) -> None:
    publish(ward=TAN_NINH, title="Phường Tân Ninh: khẩn cấp lũ sông Vàm Cỏ", is_urgent="1")
    publish(title="Tin chung của tỉnh")
    home = client.get("/").content.decode()
    assert "Tin chung của tỉnh" in home and "lũ sông Vàm Cỏ" not in home
    response = client.post("/prefs", {"area": TAN_NINH, "next": "/news/"})
    assert response.status_code == 302 and response.cookies[AREA_COOKIE].value == TAN_NINH
    home = client.get("/").content.decode()
    assert "lũ sông Vàm Cỏ" in home and 'id="urgent-h"' in home
    page = client.get("/news/").content.decode()
    assert "lũ sông Vàm Cỏ" in page
    client.cookies[AREA_COOKIE] = GO_DAU
    assert "lũ sông Vàm Cỏ" not in client.get("/").content.decode()
    assert "lũ sông Vàm Cỏ" not in client.get("/news/").content.decode()


def test_given_an_unknown_area_when_chosen_then_400(client: Client, demo_province: Any) -> None:
    assert client.post("/prefs", {"area": "TN.SYT"}).status_code == 400
    assert client.post("/prefs", {"area": "nope"}).status_code == 400


def test_given_a_cached_home_when_news_is_published_then_the_home_changes(
    client: Client, publish: Any
) -> None:
    assert "Tin vừa đăng" not in client.get("/").content.decode()
    publish(title="Tin vừa đăng")
    assert "Tin vừa đăng" in client.get("/").content.decode()


def test_given_a_category_filter_then_only_that_category(publish: Any, client: Client) -> None:
    publish(title="Tin y tế mới", category="y-te")
    publish(title="Tin giáo dục mới", category="giao-duc")
    page = client.get("/news/?category=y-te").content.decode()
    assert "Tin y tế mới" in page and "Tin giáo dục mới" not in page


def test_given_province_news_then_the_site_search_finds_it(client: Client, publish: Any) -> None:
    publish(title="Hướng dẫn phòng chống sốt xuất huyết")
    page = client.get("/search?q=sot+xuat+huyet").content.decode()
    assert "Hướng dẫn phòng chống sốt xuất huyết" in page


def test_given_an_urgent_notice_older_than_three_days_then_it_leaves_the_top_of_home(
    client: Client, publish: Any
) -> None:
    article = publish(title="Cảnh báo cũ từ tuần trước", is_urgent="1")
    assert 'id="urgent-h"' in client.get("/").content.decode()
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(days=4))
    cache.clear()
    home = client.get("/").content.decode()
    assert 'id="urgent-h"' not in home and "Cảnh báo cũ từ tuần trước" in home  # in the strip


def test_given_a_chosen_area_then_the_home_screen_looks_it_up_once(
    client: Client, publish: Any, settings: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    publish(ward=TAN_NINH, title="Tin phường cho trang chủ")
    settings.PAGE_CACHE_SECONDS = 0
    client.cookies[AREA_COOKIE] = TAN_NINH
    with CaptureQueriesContext(connection) as queries:
        assert "Tin phường cho trang chủ" in client.get("/").content.decode()
    area_lookups = [q for q in queries.captured_queries if '"agencies_agency"."code" =' in q["sql"]]
    assert len(area_lookups) == 1
