"""Seeding for bench/payments_worker.py: schools of every level across the demo wards and
communes, and tuition bills for their students over four terms. Imported by that worker after
django.setup()."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

from openprovince.agencies.models import Agency, AgencyType
from openprovince.agencies.services import agency_write
from openprovince.agencies.validation import CleanAgency
from openprovince.tuition.models import TuitionBill

BATCH = 5000
SCHOOLS = 100  # primary, lower and upper secondary schools across the demo wards/communes
# Four terms over two school years: the older ones mostly paid, the current one open.
TERMS = [
    ("HK1 2025-2026", date(2025, 10, 31), {"paid": 0.93, "cancelled": 0.02}),
    ("HK2 2025-2026", date(2026, 3, 31), {"paid": 0.92, "cancelled": 0.02}),
    ("HK1 2026-2027", date(2026, 10, 31), {"paid": 0.62, "cancelled": 0.02}),
    ("HK2 2026-2027", date(2027, 3, 31), {"paid": 0.0, "cancelled": 0.02}),
]
OPEN_TERM = TERMS[-1][0]
# (kind, name prefix, grades, tuition per term in VND: primary schools charge none as such)
LEVELS = [
    ("TH", "Trường Tiểu học", range(1, 6), 0),
    ("THCS", "Trường THCS", range(6, 10), 1_350_000),
    ("THPT", "Trường THPT", range(10, 13), 1_800_000),
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô",
          "Dương", "Lý", "Phan", "Trương", "Hồ"]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Gia", "Đức", "Thanh", "Hoài", "Quốc", "Bảo", "Khánh"]
GIVEN = ["Anh", "Bảo", "Linh", "Huy", "Hân", "Thịnh", "Ngọc", "Kiệt", "Vy", "Long", "Chi", "An",
         "Phúc", "Nam", "Trang", "Tâm", "Khoa", "Nhi", "Duy", "My", "Quân", "Thư", "Tú",
         "Hà"]  # fmt: skip
STREETS = ["Cách Mạng Tháng Tám", "Trần Hưng Đạo", "Điện Biên Phủ", "30 Tháng 4", "Bời Lời"]
# What VNPay sends back: its own transaction numbers (8 digits), a bank, a card type.

Student = tuple[str, date, str]  # code, birth date, name


def schools_create() -> list[tuple[Agency, str, range, int]]:
    """SCHOOLS schools (agencies of type "school", through agency_write as the office does),
    spread over the demo wards and communes, a third of each level."""
    school_type, _created = AgencyType.objects.get_or_create(
        code="school", defaults={"name": "Trường học", "name_en": "School", "order": 50}
    )
    local = list(Agency.objects.filter(type__code__in=["ward", "commune"]).order_by("code"))
    rng = random.Random(3)
    made = []
    for n in range(SCHOOLS):
        parent = local[n % len(local)]
        kind, prefix, grades, fee = LEVELS[n % len(LEVELS)]
        name = f"{prefix} {rng.choice(FAMILY)} {rng.choice(GIVEN)} {n // len(LEVELS) + 1}"
        school = agency_write(
            record=CleanAgency(
                code=f"{parent.code}.{kind}{n:03d}"[:40], parent_code=parent.code, type="school",
                name=name, phone=f"0276 38{n:05d}"[:13],
                address=f"{rng.randint(1, 300)} {rng.choice(STREETS)}, {parent.name}",
            ),
            parent=parent,
            agency_type=school_type,
        )  # fmt: skip
        made.append((school, kind, grades, fee))
    return made


def _items(rng: random.Random, fee: int, first_term: bool) -> list[dict[str, Any]]:
    items = []
    if fee:
        items.append({"label": "Học phí", "amount": fee})
    if rng.random() < 0.7:
        items.append({"label": "Bán trú", "amount": rng.choice([450_000, 520_000, 600_000])})
    if rng.random() < 0.5:
        items.append({"label": "Câu lạc bộ năng khiếu", "amount": 200_000})
    if first_term:
        items.append({"label": "Bảo hiểm y tế học sinh", "amount": 884_520})
    if not items:
        items.append({"label": "Sổ liên lạc điện tử", "amount": 100_000})
    return items


def _status(rng: random.Random, odds: dict[str, float]) -> str:
    roll = rng.random()
    if roll < odds["cancelled"]:
        return TuitionBill.Status.CANCELLED
    if roll < odds["cancelled"] + odds["paid"]:
        return TuitionBill.Status.PAID
    return TuitionBill.Status.UNPAID


def seed_bills(total: int) -> tuple[list[Student], int]:
    """`total` bills: one per term (four) for each student, students spread over the schools;
    codes like the demo's ("HS" + year of entry + school + number), birth dates that fit the
    grade, guardians' phones. Returns the students and how many schools."""
    schools = schools_create()
    rng, now = random.Random(5), timezone.now()
    students: list[Student] = []
    batch: list[TuitionBill] = []
    made = 0
    n = 0
    while made < total:
        school, _kind, grades, fee = schools[n % len(schools)]
        grade = rng.choice(list(grades))
        entry = 2025 - (grade - 1)  # the school year 2025-2026 is grade `grade`
        code = f"HS{entry}{n % len(schools):03d}{n // len(schools):05d}"
        born = date(entry - 6, 1, 1) + timedelta(days=rng.randrange(365))
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        phone = f"+84{rng.choice(['90', '91', '93', '97', '98', '86', '70', '79'])}"
        phone += f"{rng.randrange(10**7):07d}"
        students.append((code, born, name))
        for t, (term, due, odds) in enumerate(TERMS):
            if made >= total:
                break
            year_grade = min(grade + (1 if t >= 2 else 0), grades[-1])
            items = _items(rng, fee, first_term=term.startswith("HK1"))
            status = _status(rng, odds)
            batch.append(
                TuitionBill(
                    school=school, student_code=code, student_name=name, birth_date=born,
                    class_name=f"{year_grade}A{rng.randint(1, 8)}", term=term, items=items,
                    amount=sum(i["amount"] for i in items), due_date=due, guardian_phone=phone,
                    status=status,
                    paid_at=now - timedelta(days=rng.randint(20, 400))
                    if status == TuitionBill.Status.PAID else None,
                )
            )  # fmt: skip
            made += 1
        n += 1
        if len(batch) >= BATCH:
            TuitionBill.objects.bulk_create(batch)
            batch = []
    if batch:
        TuitionBill.objects.bulk_create(batch)
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum/ANALYZE would give
        cursor.execute("ANALYZE")
    return students, len(schools)
