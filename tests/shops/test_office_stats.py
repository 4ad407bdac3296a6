"""Figures and the CSV export for officials, limited to the agencies they can see."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from openprovince.shops.services.registration import shop_draft_save, shop_submit
from tests.conftest import sign_in_official

from .conftest import shop_data

pytestmark = pytest.mark.django_db


def test_figures_per_ward_kind_and_month(client: Any, certified: Any, owner: Any,
                                         ward_official: Any) -> None:  # fmt: skip
    certified()
    certified(name='=HYPERLINK("http://x")', category="an-uong", methods=[])
    waiting = shop_draft_save(owner=owner, data=shop_data(name="Chờ duyệt"))
    shop_submit(owner=owner, shop=waiting)
    sign_in_official(client, ward_official)
    page = client.get("/office/shops/").content.decode()
    assert "Phường Tân Ninh" in page
    assert ">2<" in page and ">1<" in page  # two certified, one waiting
    assert "50%" in page  # one of the two takes an e-wallet too
    response = client.get("/office/shops/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["certificate", "name", "category"]
    names = {row[1] for row in rows[1:]}
    assert names == {"Tạp hóa Bà Tư", '\'=HYPERLINK("http://x")'}  # never a formula
    assert all("+849" not in cell for row in rows for cell in row)  # no phone numbers


def test_another_wards_official_sees_none_of_it(
    client: Any, certified: Any, django_user_model: Any
) -> None:
    from openprovince.accounts.models import RoleAssignment
    from openprovince.agencies.models import Agency

    certified()
    other = django_user_model.objects.create_user("godau", password="x" * 12, is_staff=True)
    RoleAssignment.objects.create(
        user=other, agency=Agency.objects.get(code="TN.P.GODAU"), role="viewer"
    )
    sign_in_official(client, other)
    assert "Tạp hóa Bà Tư" not in client.get("/office/shops/export.csv").content.decode()
    assert "Chưa có cửa hàng nào." in client.get("/office/shops/").content.decode()


def test_citizens_cannot_open_the_figures(client: Any, owner: Any) -> None:
    client.force_login(owner)
    assert client.get("/office/shops/").status_code in (302, 403)
    assert client.get("/office/shops/export.csv").status_code in (302, 403)
