"""Demo "Cửa hàng 4.0" shops, so `make run` shows a directory, a map and standees: three dozen
shops across the demo communes and wards, each registered, sent and certified through the
real services (the certification is a system step of the case engine), with a bank account
for its VietQR. One is a draft of the demo citizen (see README, Demo accounts)."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from openprovince.accounts.models import User
from openprovince.agencies.models import Agency
from openprovince.agencies.selectors import agencies_local, agency_containing_point
from openprovince.cases.services.transitions import case_transition
from openprovince.demo.cases import CITIZEN_PHONE
from openprovince.shops.models import Shop
from openprovince.shops.services.registration import shop_draft_save, shop_submit

SHOPS_PER_AREA = 3
# (category, name pattern, hours, other methods)
KINDS = [
    ("tap-hoa", "Tạp hóa {who}", "Hằng ngày 06:00-21:30", ["momo"]),
    ("an-uong", "Quán cơm {who}", "T2-T7 10:00-14:00, 16:30-21:00", ["zalopay"]),
    ("ca-phe", "Cà phê {who}", "Hằng ngày 05:30-22:00", ["momo", "zalopay"]),
    ("an-uong", "Bánh canh {who}", "Hằng ngày 17:00-01:00", []),
    ("nong-san", "Bánh tráng phơi sương {who}", "Hằng ngày 07:00-18:00", ["card"]),
    ("thuoc", "Nhà thuốc {who}", "T2-T7 07:00-21:00\nCN 07:00-11:30", ["card", "vnpay"]),
    ("cho", "Sạp rau {who}", "Hằng ngày 04:30-11:00", []),
    ("sua-chua", "Sửa xe {who}", "T2-CN 06:30-18:00", ["viettelmoney"]),
    ("lam-dep", "Tiệm tóc {who}", "T3-CN 08:00-20:00", ["momo"]),
]
WHO = ["Bà Tư", "Cô Ba", "Ngọc Hường", "Út Mai", "Chú Sáu", "Anh Tâm", "Hai Lúa", "Kim Chi",
       "Thanh Tùng", "Bảy Hiền", "Minh Phát", "Hồng Nhung"]  # fmt: skip
OWNERS = [("+84912000201", "Nguyễn Thị Tư"), ("+84912000202", "Trần Văn Ba"),
          ("+84912000203", "Lê Ngọc Hường"), ("+84912000204", "Phạm Thị Mai")]  # fmt: skip
STREETS = ["30/4", "Cách Mạng Tháng Tám", "Trần Hưng Đạo", "Lý Thường Kiệt", "Hùng Vương"]
BANKS = ["970436", "970415", "970418", "970405", "970407"]


@transaction.atomic
def demo_shops_load() -> int:
    """The demo shops; 0 when some are already there."""
    if Shop.objects.exists():
        return 0
    rng = random.Random(40)  # noqa: S311 - made-up shops, not secrets
    owners = [_owner(phone, name) for phone, name in OWNERS]
    areas = [a for a in agencies_local().order_by("code") if a.min_lat is not None]
    made = 0
    for area in areas:
        for n in range(SHOPS_PER_AREA):
            point = _point_in(area, rng)
            if point is None:
                continue
            category, pattern, hours, methods = KINDS[(made + n) % len(KINDS)]
            owner = rng.choice(owners)
            data = {
                "name": pattern.format(who=rng.choice(WHO)),
                "category": category,
                "owner_name": owner.display_name,
                "address": f"{rng.randint(1, 250)} đường {rng.choice(STREETS)}, {area.name}",
                "lat": f"{point[0]:.6f}",
                "lng": f"{point[1]:.6f}",
                "phone": owner.phone,
                "phone_public": n % 2 == 0,
                "hours_text": hours,
                "methods": methods,
                "accounts": [
                    {"bank_bin": rng.choice(BANKS), "account": f"{rng.randint(10**9, 10**12)}",
                     "holder": owner.display_name}
                ],
            }  # fmt: skip
            shop = shop_draft_save(owner=owner, data=data)
            request = shop_submit(owner=owner, shop=shop)
            case_transition(case_id=request.case_id, action="approve", actor=None, system=True)
            made += 1
    citizen = User.objects.filter(phone=CITIZEN_PHONE).first()
    if citizen is not None and areas:
        shop_draft_save(
            owner=citizen,
            data={"name": "Tiệm may Năm Thơm", "category": "thoi-trang",
                  "owner_name": citizen.shown_name, "address": "8 hẻm 2, khu phố 1",
                  "ward": "TN.P.TANNINH"},
        )  # fmt: skip
    return made


def _owner(phone: str, name: str) -> User:
    user, _created = User.objects.get_or_create(
        phone=phone,
        defaults={
            "username": f"c-demo-ch-{phone[-3:]}",
            "display_name": name,
            "is_demo": True,
            "phone_verified_at": timezone.now(),
        },
    )
    return user


def _point_in(area: Agency, rng: random.Random) -> tuple[float, float] | None:
    """A point that the area itself holds (its box may reach into a neighbour)."""
    assert area.min_lat is not None and area.max_lat is not None
    assert area.min_lng is not None and area.max_lng is not None
    for _try in range(20):
        lat = rng.uniform(area.min_lat, area.max_lat)
        lng = rng.uniform(area.min_lng, area.max_lng)
        found = agency_containing_point(lat=lat, lng=lng, type_codes=(area.type.code,))
        if found is not None and found.pk == area.pk:
            return lat, lng
    return None
