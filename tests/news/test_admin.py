"""Platform admins manage news (and shop) categories; articles are read only there."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import sign_in_official

pytestmark = pytest.mark.django_db


def test_given_a_platform_admin_then_categories_are_editable_and_articles_read_only(
    client: Client, admin_user: Any, publish: Any
) -> None:
    article = publish(title="Tin trong trang quản trị")
    sign_in_official(client, admin_user)
    assert "giao-duc" in client.get("/admin/news/newscategory/").content.decode()
    assert client.get("/admin/shops/shopcategory/").status_code == 200
    listing = client.get("/admin/news/article/").content.decode()
    assert "Tin trong trang quản trị" in listing
    assert client.get("/admin/news/article/add/").status_code == 403
    change = client.get(f"/admin/news/article/{article.pk}/change/")
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
