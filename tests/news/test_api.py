"""The JSON API: the public feed and an article, and a person's areas for urgent notices."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from openprovince.news.models import Article
from tests.conftest import bearer

from .conftest import GO_DAU, TAN_NINH

pytestmark = pytest.mark.django_db


def test_given_news_then_the_feed_is_by_area_and_category(client: Client, publish: Any) -> None:
    publish(title="Tin toàn tỉnh qua API", category="y-te")
    publish(ward=TAN_NINH, title="Tin phường qua API")
    body = client.get(f"/api/v1/news?area={TAN_NINH}").json()
    assert body["count"] == 2 and {i["title"] for i in body["items"]} == {
        "Tin toàn tỉnh qua API",
        "Tin phường qua API",
    }
    assert client.get(f"/api/v1/news?area={GO_DAU}").json()["count"] == 1
    assert client.get("/api/v1/news?category=y-te").json()["items"][0]["category"]["code"] == "y-te"
    found = client.get("/api/v1/news?q=tin+phuong").json()["items"]
    assert "Tin phường qua API" not in {i["title"] for i in found}  # a ward's; no area given
    bad = client.get("/api/v1/news?area=KHONGCO")
    assert bad.status_code == 400 and bad.json()["code"] == "news.unknown_area"
    assert client.get("/api/v1/news?category=nope").json()["code"] == "news.unknown_category"


def test_given_an_article_then_the_api_gives_text_pictures_and_links(
    client: Client, publish: Any
) -> None:
    article = publish(title="Bài có nội dung", body="<p>Đoạn <b>một</b></p>")
    body = client.get(f"/api/v1/news/{article.public_id}").json()
    assert body["body_html"] == "<p>Đoạn <b>một</b></p>" and body["body_text"] == "Đoạn một"
    assert body["text_url"] == f"/news/{article.public_id}/text" and body["images"] == []
    Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
    gone = client.get(f"/api/v1/news/{article.public_id}")
    assert gone.status_code == 404 and gone.json()["code"] == "news.not_found"


def test_given_a_signed_in_person_then_areas_are_followed_and_dropped(
    client: Client, demo_province: Any, django_user_model: Any
) -> None:
    assert client.get("/api/v1/me/news-areas").status_code == 401
    person = django_user_model.objects.create_user("api", password="x" * 12, phone="+84912000555")
    auth: dict[str, Any] = bearer(person)
    first = client.post(
        "/api/v1/me/news-areas", {"area": TAN_NINH}, content_type="application/json", **auth
    )
    assert first.status_code == 201 and first.json() == [
        {"code": TAN_NINH, "name": "Phường Tân Ninh"}
    ]
    again = client.post(
        "/api/v1/me/news-areas", {"area": TAN_NINH}, content_type="application/json", **auth
    )
    assert again.status_code == 200
    assert "no-store" in client.get("/api/v1/me/news-areas", **auth)["Cache-Control"]
    assert client.delete(f"/api/v1/me/news-areas/{TAN_NINH}", **auth).status_code == 204
    assert client.get("/api/v1/me/news-areas", **auth).json() == []
