"""The demo articles go through the real services and show where they should."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from openprovince.demo.news import DEMO_ARTICLE, demo_news_load
from openprovince.demo.officials import demo_officials_load
from openprovince.news.models import Article, ArticleRevision

pytestmark = pytest.mark.django_db


def test_given_the_demo_officials_then_the_demo_news_is_published_once(
    client: Client, demo_province: Any, categories: None
) -> None:
    assert demo_news_load() == 0  # no demo officials yet
    demo_officials_load()
    made = demo_news_load()
    assert made == Article.objects.filter(status=Article.Status.PUBLISHED).count() >= 5
    assert ArticleRevision.objects.count() == made
    assert demo_news_load() == 0
    assert client.get(f"/news/{DEMO_ARTICLE}/").status_code == 200
    urgent = Article.objects.get(is_urgent=True)
    assert not urgent.whole_province
    assert urgent.title not in client.get("/").content.decode()  # a ward's, not the province's
    client.cookies["area"] = "TN.P.TANNINH"
    assert urgent.title in client.get("/").content.decode()
