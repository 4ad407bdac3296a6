"""People to notify in tests."""

from __future__ import annotations

import itertools

from openprovince.accounts.models import ConsentPurpose, User
from openprovince.accounts.services.privacy import consent_give

_numbers = itertools.count(1)


def citizen(*, consent: bool = True, phone: str | None = "auto", email: str = "") -> User:
    n = next(_numbers)
    user = User.objects.create_user(
        f"citizen-{n}",
        phone=f"+8491{n:07d}" if phone == "auto" else phone,
        email=email,
        display_name=f"Người dân {n}",
    )
    if consent:
        consent_give(user=user, purpose=ConsentPurpose.objects.get(code="notify-by-zalo-sms"))
    return user


HELLO = {"name": "Lê Thị Mai"}
CASE = {
    "case_code": "000.17.22.H56-261128-0001",
    "kind_name": "Phản ánh hiện trường",
    "state_name": "Đang xử lý",
    "agency_name": "UBND phường Tân Ninh",
    "link": "/me/requests/abc/",
}
