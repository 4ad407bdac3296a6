from __future__ import annotations

from typing import Any

import pytest

from openprovince.accounts.models import RoleAssignment
from openprovince.agencies.models import Agency
from openprovince.news.categories import DEFAULT_CATEGORIES
from openprovince.news.models import Article, NewsCategory
from openprovince.news.services.articles import article_create, article_publish

PROVINCE_OFFICE = "TN.VP"
TAN_NINH = "TN.P.TANNINH"
GO_DAU = "TN.P.GODAU"


def article_data(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "Lịch cắt điện ngày 5/12",
        "summary": "Cắt điện để bảo trì đường dây từ 7 giờ đến 11 giờ.",
        "body": "<p>Điện lực thông báo <strong>lịch cắt điện</strong>.</p>",
        "category": "thong-bao",
        "whole_province": "1",
        **overrides,
    }


@pytest.fixture
def categories(db: Any) -> None:
    """The migration's categories (a flushed database in transactional tests lacks them)."""
    for order, (code, name, name_en) in enumerate(DEFAULT_CATEGORIES):
        NewsCategory.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )


def official(django_user_model: Any, username: str, agency_code: str, role: str) -> Any:
    user = django_user_model.objects.create_user(username, password="x" * 12, is_staff=True)
    RoleAssignment.objects.create(user=user, agency=Agency.objects.get(code=agency_code), role=role)
    return user


@pytest.fixture
def province_writer(django_user_model: Any, demo_province: Any, categories: None) -> Any:
    return official(django_user_model, "bientap", PROVINCE_OFFICE, "handler")


@pytest.fixture
def province_approver(django_user_model: Any, demo_province: Any, categories: None) -> Any:
    return official(django_user_model, "duyet", PROVINCE_OFFICE, "approver")


@pytest.fixture
def ward_approver(django_user_model: Any, demo_province: Any, categories: None) -> Any:
    return official(django_user_model, "phuongtn", TAN_NINH, "approver")


@pytest.fixture
def publish(province_approver: Any, ward_approver: Any) -> Any:
    """Write and publish an article; `ward=` publishes as that ward for that ward only."""

    def make(ward: str | None = None, **overrides: Any) -> Article:
        if ward is None:
            agency, user = Agency.objects.get(code=PROVINCE_OFFICE), province_approver
            data = article_data(**overrides)
        else:
            agency, user = Agency.objects.get(code=ward), ward_approver
            data = article_data(whole_province="", areas=[ward], **overrides)
        article = article_create(user=user, agency=agency, data=data)
        return article_publish(user=user, article=article)

    return make


@pytest.fixture
def citizen(django_user_model: Any) -> Any:
    def make(username: str, phone: str) -> Any:
        return django_user_model.objects.create_user(username, password="x" * 12, phone=phone)

    return make
