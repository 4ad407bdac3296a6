from __future__ import annotations

from typing import Any

import pytest

from openprovince.accounts.models import RoleAssignment
from openprovince.agencies.models import Agency
from openprovince.cases.services.transitions import case_transition
from openprovince.shops.models import Shop
from openprovince.shops.services.registration import shop_draft_save, shop_submit

# Inside Phường Tân Ninh's cell of the demo grid (row 1, column 1), as in the reports tests.
TAN_NINH = (11.50, 106.05)
VCB = "970436"


def shop_data(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Tạp hóa Bà Tư",
        "category": "tap-hoa",
        "owner_name": "Nguyễn Thị Tư",
        "address": "12 đường 30/4, khu phố 1",
        "lat": str(TAN_NINH[0]),
        "lng": str(TAN_NINH[1]),
        "phone": "0912 345 678",
        "hours_text": "Hằng ngày 06:00-21:00",
        "methods": ["momo"],
        "accounts": [{"bank_bin": VCB, "account": "0123 456 789", "holder": "Nguyễn Thị Tư"}],
        **overrides,
    }


@pytest.fixture
def owner(django_user_model: Any, demo_province: Any) -> Any:
    return django_user_model.objects.create_user(
        "chucuahang", password="x" * 12, phone="+84912000111", display_name="Nguyễn Thị Tư"
    )


@pytest.fixture
def ward_official(django_user_model: Any, demo_province: Any) -> Any:
    user = django_user_model.objects.create_user("phuong", password="x" * 12, is_staff=True)
    RoleAssignment.objects.create(
        user=user, agency=Agency.objects.get(code="TN.P.TANNINH"), role="approver"
    )
    return user


@pytest.fixture
def certified(owner: Any, ward_official: Any) -> Any:
    """Register, submit and certify a shop; returns a function taking data overrides."""

    def make(**overrides: Any) -> Shop:
        shop = shop_draft_save(owner=owner, data=shop_data(**overrides))
        request = shop_submit(owner=owner, shop=shop)
        case_transition(case_id=request.case_id, action="approve", actor=ward_official)
        return Shop.objects.get(pk=shop.pk)

    return make


@pytest.fixture
def other_ward_official(django_user_model: Any, demo_province: Any) -> Any:
    """An approver of another ward (Gò Dầu): must not see Tân Ninh's requests."""
    user = django_user_model.objects.create_user("godau", password="x" * 12, is_staff=True)
    RoleAssignment.objects.create(
        user=user, agency=Agency.objects.get(code="TN.P.GODAU"), role="approver"
    )
    return user
