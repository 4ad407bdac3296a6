"""A demo school with tuition bills, so `make run` can show a whole payment: Trường Tiểu
học Tân Ninh (an agency of type "school" under the Tân Ninh ward), a VietQR account, and
bills for 24 pupils — the first term unpaid for most, the second not yet due. The README's
demo section names a pupil to try (DEMO_STUDENT_CODE, born DEMO_BIRTH_DATE)."""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction

from openprovince.agencies.models import Agency, AgencyType
from openprovince.agencies.services import agency_write
from openprovince.agencies.validation import CleanAgency
from openprovince.payments.models import PayeeAccount
from openprovince.tuition.models import TuitionBill

SCHOOL_CODE = "TN.P.TANNINH.THTN"
DEMO_STUDENT_CODE = "HS2026001"
DEMO_BIRTH_DATE = date(2016, 9, 5)
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi"]
GIVEN_NAMES = ["Minh Anh", "Gia Bảo", "Khánh Linh", "Quốc Huy", "Ngọc Hân", "Đức Thịnh",
               "Bảo Ngọc", "Tuấn Kiệt", "Thảo Vy", "Hoàng Long", "Mai Chi", "Phúc An"]  # fmt: skip
TERMS = [("HK1 2026-2027", date(2026, 12, 31)), ("HK2 2026-2027", date(2027, 5, 31))]


@transaction.atomic
def demo_tuition_load() -> int:
    """The demo school and its bills; 0 when they are already there."""
    if Agency.objects.filter(code=SCHOOL_CODE).exists():
        return 0
    ward = Agency.objects.get(code="TN.P.TANNINH")
    school_type, _created = AgencyType.objects.get_or_create(
        code="school", defaults={"name": "Trường học", "name_en": "School", "order": 50}
    )
    school = agency_write(
        record=CleanAgency(
            code=SCHOOL_CODE, parent_code=ward.code, type="school",
            name="Trường Tiểu học Tân Ninh", name_en="Tan Ninh Primary School",
            phone="0276 3822 123", address="12 Trần Hưng Đạo, Phường Tân Ninh, Tây Ninh",
        ),
        parent=ward,
        agency_type=school_type,
    )  # fmt: skip
    PayeeAccount.objects.create(
        agency=school, bank_bin="970436", account_number="0071000123456",
        account_name="TRUONG TIEU HOC TAN NINH",
    )  # fmt: skip
    rng = random.Random(2026)  # noqa: S311 - made-up phone numbers, not secrets
    bills = []
    for n in range(24):
        code = f"HS2026{n + 1:03d}"
        born = DEMO_BIRTH_DATE if n == 0 else date(2014 + n % 3, 1 + n % 12, 1 + (n * 7) % 28)
        name = f"{FAMILY_NAMES[n % len(FAMILY_NAMES)]} {GIVEN_NAMES[n % len(GIVEN_NAMES)]}"
        grade = 1 + n % 5
        for term, due in TERMS:
            # Public primary schools charge no tuition fee as such (Law on Education 2019):
            # the bill is for clubs, boarding meals and, once a year, student health insurance.
            items = [{"label": "Câu lạc bộ năng khiếu", "amount": 200_000}]
            if n % 4 != 3:
                items.append({"label": "Bán trú", "amount": 450_000})
            if term.startswith("HK1"):
                items.append({"label": "Bảo hiểm y tế học sinh", "amount": 884_520})
            paid = term.startswith("HK1") and n % 3 == 2 and n != 0
            bills.append(
                TuitionBill(
                    school=school, student_code=code, student_name=name, birth_date=born,
                    class_name=f"{grade}{'ABC'[n % 3]}", term=term, items=items,
                    amount=sum(i["amount"] for i in items), due_date=due,
                    guardian_phone=f"+8490{rng.randrange(10**7):07d}",
                    status=TuitionBill.Status.PAID if paid else TuitionBill.Status.UNPAID,
                )
            )  # fmt: skip
    TuitionBill.objects.bulk_create(bills)
    return len(bills)
