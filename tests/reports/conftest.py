from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from openprovince.accounts.models import RoleAssignment
from openprovince.agencies.models import Agency
from openprovince.reports.models import ReportCategory
from openprovince.reports.open311.keys import integrator_key_issue
from openprovince.reports.open311.models import IntegratorKey
from openprovince.reports.services.submission import ReportInput, report_submit

# Inside Phường Tân Ninh's cell of the demo grid (row 1, column 1).
TAN_NINH = (11.50, 106.05)


def photo(name: str = "anh.jpg", size: tuple[int, int] = (64, 48)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (180, 40, 40)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def report_form(key: str, **extra: Any) -> dict[str, Any]:
    """What the report form posts for a signed-in person: one photo at Tân Ninh."""
    return {
        "category": "streetlight",
        "lat": TAN_NINH[0],
        "lng": TAN_NINH[1],
        "photos": [photo()],
        "idempotency_key": key,
        **extra,
    }


def stored_files(folder: str = "") -> set[str]:
    """Every file name in the (test's in-memory) storage."""
    folders, files = default_storage.listdir(folder)
    names = {f"{folder}/{f}".lstrip("/") for f in files}
    for sub in folders:
        names |= stored_files(f"{folder}/{sub}".lstrip("/"))
    return names


@pytest.fixture
def light(demo_province: Any) -> ReportCategory:
    return ReportCategory.objects.get(code="streetlight")


@pytest.fixture
def citizen(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user(
        "dan", password="x" * 12, phone="+84912345678", display_name="Lê Thị Mai"
    )


@pytest.fixture
def ward_handler(django_user_model: Any, demo_province: Any) -> Any:
    user = django_user_model.objects.create_user("xuly", password="x" * 12, is_staff=True)
    RoleAssignment.objects.create(
        user=user, agency=Agency.objects.get(code="TN.P.TANNINH"), role="handler"
    )
    return user


@pytest.fixture
def file_report(light: ReportCategory, citizen: Any) -> Any:
    def make(user: Any = None, **overrides: Any) -> Any:
        data = {
            "category": light,
            "lat": TAN_NINH[0],
            "lng": TAN_NINH[1],
            "description": "Đèn tắt ba đêm",
            "photos": [photo()],
            **overrides,
        }
        return report_submit(data=ReportInput(**data), user=user or citizen)

    return make


@pytest.fixture
def neighbour(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user("hangxom", password="x" * 12)


@pytest.fixture
def api_key(demo_province: Any) -> tuple[IntegratorKey, str]:
    """An Open311 integrator's key: the row and the key itself (shown once)."""
    key = IntegratorKey(name="Cổng 1022")
    return key, integrator_key_issue(key=key)
