from __future__ import annotations

from typing import Any

import pytest

from openprovince.agencies.models import Agency, AgencyType
from openprovince.payments.models import Order
from openprovince.payments.services.orders import Line, order_create
from tests.conftest import make_agency


@pytest.fixture
def payee(db: Any) -> Agency:
    # A transactional test (live server) may run after another one flushed the data
    # migrations' agency types.
    for code in ("province", "department"):
        AgencyType.objects.get_or_create(code=code, defaults={"name": code})
    make_agency("TN", type_code="province", name="Tỉnh Tây Ninh")
    return make_agency("TN.SCHOOL1", parent=Agency.objects.get(code="TN"), name="Trường A")


@pytest.fixture
def make_order(payee: Agency) -> Any:
    def make(*amounts: int, purpose: str = "test") -> Order:
        lines = [Line(subject=f"test.item:{i}", description=f"Khoản {i}", amount=a)
                 for i, a in enumerate(amounts or (150_000,))]  # fmt: skip
        return order_create(purpose=purpose, description="Học phí", payee=payee, lines=lines)

    return make
