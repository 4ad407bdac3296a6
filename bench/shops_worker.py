"""Measured inside one Django process (run by bench.shops with the database in the env).

`python -m bench.shops_worker N`: load the demo province, seed N certified shops (each with its
opening slots, a bank account and its full-text document, as a ward's approval leaves them),
then time the directory search, "near me" and the "open now" + category filter, each through
the selector and (search, near me) through `GET /shops/`. Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.workers import percentiles  # noqa: E402
from openprovince.accounts.models import User  # noqa: E402
from openprovince.agencies.models import Agency  # noqa: E402
from openprovince.agencies.selectors import agencies_local  # noqa: E402
from openprovince.core.text import fold  # noqa: E402
from openprovince.fulltext.models import SearchDocument  # noqa: E402
from openprovince.fulltext.services import (  # noqa: E402
    fulltext_vocabulary_rebuild,
    search_document_build,
)
from openprovince.shops.hours import VIETNAM, hours_parse, open_slots  # noqa: E402
from openprovince.shops.models import (  # noqa: E402
    PaymentMethod,
    Shop,
    ShopBankAccount,
    ShopCategory,
    ShopOpenSlot,
)
from openprovince.shops.selectors import Filters, shops_directory, shops_near  # noqa: E402

BATCH = 2000
KIND = "shop"
# What a shop's name starts with, and the category it is registered in.
TRADES: list[tuple[str, str]] = [
    ("Tạp hóa", "tap-hoa"), ("Tạp hóa", "tap-hoa"), ("Cửa hàng tiện lợi", "tap-hoa"),
    ("Quán cơm", "an-uong"), ("Quán cơm tấm", "an-uong"), ("Bún bò", "an-uong"),
    ("Hủ tiếu", "an-uong"), ("Bánh mì", "an-uong"), ("Bánh canh", "an-uong"),
    ("Quán nhậu", "an-uong"), ("Cà phê", "ca-phe"), ("Cà phê", "ca-phe"),
    ("Trà sữa", "ca-phe"), ("Nước mía", "ca-phe"), ("Sạp rau", "cho"), ("Sạp cá", "cho"),
    ("Sạp thịt", "cho"), ("Sạp vải", "cho"), ("Bánh tráng phơi sương", "nong-san"),
    ("Muối tôm", "nong-san"), ("Mãng cầu", "nong-san"), ("Nhà thuốc", "thuoc"),
    ("Quầy thuốc", "thuoc"), ("Shop quần áo", "thoi-trang"), ("Giày dép", "thoi-trang"),
    ("Điện thoại", "dien-may"), ("Điện máy", "dien-may"), ("Sửa xe", "sua-chua"),
    ("Sửa điện thoại", "sua-chua"), ("Tiệm tóc", "lam-dep"), ("Tiệm nail", "lam-dep"),
    ("Vật liệu xây dựng", "vat-lieu"), ("Văn phòng phẩm", "khac"), ("Tiệm vàng", "khac"),
]  # fmt: skip
PEOPLE = [
    "Bà Tư", "Cô Ba", "Chị Hai", "Dì Năm", "Chú Sáu", "Anh Bảy", "Ông Tám", "Út Hiền",
    "Ngọc Hường", "Thanh Tâm", "Minh Châu", "Kim Liên", "Hồng Nhung", "Phước Lộc",
    "Thành Đạt", "Hoàng Long", "Mỹ Duyên", "Tuấn Kiệt", "Phương Thảo", "Bích Ngọc",
    "Hải Yến", "Văn Hùng", "Tấn Phát", "Quốc Bảo", "Thu Trang", "Lan Anh", "Đức Trí",
]  # fmt: skip
PLACES = [
    "chợ Long Hoa", "ngã ba Đất Sét", "cầu Gió", "chợ Mít", "Bờ Hồ", "cổng trường",
    "đầu hẻm", "ngã tư Bến Kéo", "chợ đêm", "bến xe", "cây xăng Hòa Thành",
]  # fmt: skip
STREETS = [
    "Cách Mạng Tháng Tám", "Trần Hưng Đạo", "Điện Biên Phủ", "30 Tháng 4", "Bời Lời",
    "Nguyễn Trãi", "Lý Thường Kiệt", "Phạm Văn Đồng", "Hùng Vương", "Tôn Đức Thắng",
]  # fmt: skip
HAMLETS = ["Long Hải", "Trường Đông", "Bình Phong", "Thạnh Trung", "Ninh Phúc", "Tân Định"]
DESCRIPTIONS = [
    "Bán lẻ giá gốc, nhận chuyển khoản mã QR.",
    "Mở cửa từ sáng sớm, có giao hàng tận nhà trong xã.",
    "Hàng tươi mỗi ngày, quét mã thanh toán không cần tiền mặt.",
    "Cửa hàng gia đình hơn mười năm, phục vụ bà con trong ấp.",
    "Có chỗ đậu xe máy, nhận MoMo và ZaloPay.",
    "Đặc sản Tây Ninh, đóng gói làm quà.",
    "",
]
# The hours a trader types; the last crosses midnight.
HOURS = [
    "Hằng ngày 06:00-21:00",
    "T2-T7 07:00-11:30, 13:30-20:00\nCN nghỉ",
    "Cả tuần 24/24",
    "Hằng ngày 05:30-10:30, 15:00-22:00",
    "Hằng ngày 17:00-02:00",
]
BANKS = ["970436", "970415", "970418", "970405", "970422", "970407", "970423"]
OPTIONAL_METHODS = [m for m in PaymentMethod.values if m != PaymentMethod.VIETQR]


def _weights(wards: list[Agency]) -> list[float]:
    """Urban wards get three times the shops of rural communes."""
    return [3.0 if w.type.code == "ward" else 1.0 for w in wards]


def _point(rng: random.Random, ward: Agency) -> tuple[float, float]:
    assert ward.min_lat is not None and ward.max_lat is not None
    assert ward.min_lng is not None and ward.max_lng is not None
    return rng.uniform(ward.min_lat, ward.max_lat), rng.uniform(ward.min_lng, ward.max_lng)


def _wards() -> list[Agency]:
    return list(agencies_local().exclude(min_lat=None).select_related("type"))


def _name(rng: random.Random) -> tuple[str, str]:
    trade, category = rng.choice(TRADES)
    name = f"{trade} {rng.choice(PEOPLE)}"
    if rng.random() < 0.3:
        name += f" {rng.choice(PLACES)}"
    return name, category


def _address(rng: random.Random, ward: Agency) -> str:
    if rng.random() < 0.6:
        return f"{rng.randint(1, 999)} {rng.choice(STREETS)}, {ward.name}"
    return f"Tổ {rng.randint(1, 20)}, ấp {rng.choice(HAMLETS)}, {ward.name}"


def seed(total: int) -> float:
    """`total` certified shops with their slots, bank accounts and search documents."""
    rng, now = random.Random(9), timezone.now()
    owner = User.objects.create_user("bench.shops", password="x" * 12)
    categories = {c.code: c for c in ShopCategory.objects.all()}
    wards = _wards()
    weights = _weights(wards)
    schedules = [(text, hours_parse(text)) for text in HOURS]
    slots = [open_slots(schedule) for _text, schedule in schedules]
    started = time.perf_counter()
    for start in range(0, total, BATCH):
        shops, picked = [], []
        for n in range(start, min(total, start + BATCH)):
            name, category = _name(rng)
            ward = rng.choices(wards, weights)[0]
            lat, lng = _point(rng, ward)
            hours = rng.randrange(len(schedules))
            methods = [PaymentMethod.VIETQR.value, *rng.sample(OPTIONAL_METHODS, rng.randint(0, 3))]
            shops.append(
                Shop(
                    owner=owner,
                    name=name,
                    category=categories[category],
                    description=rng.choice(DESCRIPTIONS),
                    owner_name=rng.choice(PEOPLE),
                    address=_address(rng, ward),
                    lat=lat,
                    lng=lng,
                    ward=ward,
                    hours=schedules[hours][1],
                    hours_text=schedules[hours][0],
                    phone=f"09{rng.randrange(10**8):08d}",
                    methods=methods,
                    methods_key="|" + "|".join(methods) + "|",
                    status=Shop.Status.APPROVED,
                    certificate_code=f"CH40-{ward.code.split('.')[-1][:12]}-B{n:07d}",
                    approved_at=now - timedelta(minutes=rng.randint(1, 720 * 24 * 60)),
                )
            )
            picked.append(hours)
        Shop.objects.bulk_create(shops)
        ShopOpenSlot.objects.bulk_create(
            ShopOpenSlot(shop=shop, start=a, end=b)
            for shop, hours in zip(shops, picked, strict=True)
            for a, b in slots[hours]
        )
        ShopBankAccount.objects.bulk_create(
            ShopBankAccount(
                shop=shop,
                bank_bin=rng.choice(BANKS),
                account=f"{rng.randrange(10**10):010d}",
                holder=fold(shop.owner_name).upper(),
            )
            for shop in shops
        )
        SearchDocument.objects.bulk_create(  # what hooks.shop_index writes, in bulk
            search_document_build(
                kind=KIND,
                key=str(shop.pk),
                title=shop.name,
                text=f"{shop.category.name}\n{shop.address}\n{shop.description}",
                scope=shop.ward.code if shop.ward else "",
            )
            for shop in shops
        )
    fulltext_vocabulary_rebuild(kind=KIND)
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum/ANALYZE would give
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def _typo(rng: random.Random, text: str) -> str:
    """One slip in the longest word: two letters swapped or one left out."""
    words = text.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    word = words[i]
    if len(word) < 4:
        return text
    at = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        words[i] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    else:
        words[i] = word[:at] + word[at + 1 :]
    return " ".join(words)


def queries(rng: random.Random, count: int) -> list[str]:
    """What people type: a trade and a name, a trade alone, a name alone, a place; half
    without diacritics, about one in seven with a typo."""
    out = []
    for _ in range(count):
        trade, person, place = rng.choice(TRADES)[0], rng.choice(PEOPLE), rng.choice(PLACES)
        q = rng.choice([f"{trade} {person}", f"{trade} {person}", trade, person,
                        f"{trade} {place}"])  # fmt: skip
        if rng.random() < 0.5:
            q = fold(q)
        if rng.random() < 0.15:
            q = _typo(rng, q)
        out.append(q)
    return out


def timed(samples: list[Any], call: Callable[[Any], Any], warmup: int = 5) -> dict[str, float]:
    for sample in samples[:warmup]:
        call(sample)
    times = []
    for sample in samples:
        started = time.perf_counter()
        call(sample)
        times.append((time.perf_counter() - started) * 1000)
    return percentiles(times)


def _first_sql(call: Callable[[], Any]) -> str:
    """The first SQL statement `call` runs (its parameters inlined)."""
    with CaptureQueriesContext(connection) as captured:
        call()
    return str(captured.captured_queries[0]["sql"])


def explain(sql: str) -> str:
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        rows = cursor.fetchall()
    return "\n".join(str(row[-1]) for row in rows)


def _get(client: Client, params: dict[str, str]) -> None:
    response = client.get("/shops/", params)
    assert response.status_code == 200, response.status_code


def measure(runs: int) -> dict[str, Any]:
    rng = random.Random(13)
    wards = _wards()
    weights = _weights(wards)
    texts = queries(rng, runs)
    points = [_point(rng, rng.choices(wards, weights)[0]) for _ in range(runs)]
    codes = list(ShopCategory.objects.filter(is_active=True).values_list("code", flat=True))
    monday = datetime(2025, 6, 2, tzinfo=VIETNAM)  # any minute of the week
    opens = [
        Filters(category=rng.choice(codes),
                open_at=monday + timedelta(minutes=rng.randrange(7 * 24 * 60)))
        for _ in range(runs)
    ]  # fmt: skip
    client = Client()
    found = [len(shops_directory(Filters(query=q))) for q in texts[:50]]
    near_found = [len(shops_near(lat=a, lng=b, filters=Filters())) for a, b in points[:50]]
    result: dict[str, Any] = {
        "search": timed(texts, lambda q: shops_directory(Filters(query=q))),
        "search_page": timed(texts, lambda q: _get(client, {"q": q})),
        "near": timed(points, lambda p: shops_near(lat=p[0], lng=p[1], filters=Filters())),
        "near_page": timed(points, lambda p: _get(client, {"lat": str(p[0]), "lng": str(p[1])})),
        "open": timed(opens, lambda f: shops_directory(f)),
        "runs": runs,
        "found": {"search": sum(found) / len(found), "near": sum(near_found) / len(near_found)},
    }
    # The plans behind the filters: near me's first box, and open now + a category.
    result["plan_near"] = explain(
        _first_sql(lambda: shops_near(lat=points[0][0], lng=points[0][1], filters=Filters()))
    )
    result["plan_open"] = explain(_first_sql(lambda: shops_directory(opens[0])))
    return result


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # pages use hashed static names
    call_command("load_demo_province", verbosity=0)
    seed_s = seed(total)
    result = {
        "shops": Shop.objects.filter(status=Shop.Status.APPROVED).count(),
        "seed_s": round(seed_s, 1),
        **measure(400),
        "load": os.getloadavg()[0],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
