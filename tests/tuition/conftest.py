from __future__ import annotations

from typing import Any

import pytest

from openprovince.agencies.models import Agency
from openprovince.tuition.services.importing import bills_import
from tests.conftest import make_agency

CSV = (
    "Mã học sinh,Họ và tên,Ngày sinh,Lớp,Học kỳ,Hạn nộp,SĐT phụ huynh,Học phí,Bán trú\n"
    'HS001,Nguyễn Văn An,05/09/2015,5A,HK1 2026-2027,30/12/2026,0912345678,"1.200.000",300000\n'
    "HS001,Nguyễn Văn An,05/09/2015,5A,HK2 2026-2027,30/05/2027,0912345678,1200000,\n"
    "HS002,Trần Thị Bình,12/01/2016,4B,HK1 2026-2027,30/12/2026,,900.000,300.000\n"
)


@pytest.fixture
def school(db: Any) -> Agency:
    root = make_agency("TN", type_code="province", name="Tỉnh Tây Ninh")
    return make_agency("TN.THA", parent=root, type_code="school", name="Trường Tiểu học A")


@pytest.fixture
def bills(school: Agency) -> Any:
    report = bills_import(school=school, name="hk.csv", content=CSV.encode())
    assert report.ok, report.errors
    return report
