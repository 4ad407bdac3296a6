"""Dossier fixtures: a birth-registration procedure at the local level, a citizen, the ward's
handler and approver, and a helper that sends a dossier through the service."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from openprovince.accounts.models import RoleAssignment
from openprovince.agencies.models import Agency, AgencyType
from openprovince.core.uploads import DOCUMENT, upload_process
from openprovince.dossiers.models import Procedure, ProcedureField
from openprovince.dossiers.services.submission import Sending, dossier_submit

BIRTH_SCHEMA = {
    "fields": [
        {"code": "child_name", "type": "text", "label": "Họ và tên trẻ", "required": True},
        {"code": "birth_date", "type": "date", "label": "Ngày sinh", "required": True,
         "max": "today"},
        {"code": "gender", "type": "select", "label": "Giới tính", "required": True,
         "options": [{"key": "nam", "label": "Nam"}, {"key": "nu", "label": "Nữ"}]},
        {"code": "mother_id", "type": "cccd", "label": "Số CCCD của mẹ", "required": True},
        {"code": "home", "type": "address", "label": "Nơi cư trú", "required": True},
    ]
}  # fmt: skip
BIRTH_DOCUMENTS = [
    {"code": "to_khai", "name": "Tờ khai đăng ký khai sinh", "copies": "01 bản chính",
     "required": True},
    {"code": "chung_sinh", "name": "Giấy chứng sinh", "copies": "01 bản chính", "required": True},
    {"code": "ket_hon", "name": "Giấy chứng nhận kết hôn", "copies": "01 bản sao",
     "required": False},
]  # fmt: skip
# A valid answer set (CCCD: Tây Ninh's code 072, a woman born in 1995).
ANSWERS = {
    "child_name": "Nguyễn Văn An",
    "birth_date": "2026-11-20",
    "gender": "nam",
    "mother_id": "072195001234",
    "home": {"commune": "TN.P.TANNINH", "street": "12 Trần Hưng Đạo"},
}
FORM = {
    "f_child_name": "Nguyễn Văn An",
    "f_birth_date": "2026-11-20",
    "f_gender": "nam",
    "f_mother_id": "072 195 001 234",
    "f_home__commune": "TN.P.TANNINH",
    "f_home__street": "12 Trần Hưng Đạo",
    "agency": "TN.P.TANNINH",
    "contact_phone": "0912 345 678",
    "delivery": "online",
}


def pdf(name: str = "giay.pdf") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (250, 250, 250)).save(out, "PDF")
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def jpeg(name: str = "anh.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 120, 40)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def processed(upload: SimpleUploadedFile) -> Any:
    return upload_process(data=upload.read(), filename=upload.name or "", kind=DOCUMENT)


def birth_registration() -> Procedure:
    """Đăng ký khai sinh at the local level (communes and wards), findable by search."""
    from openprovince.dossiers.catalogue.services import procedure_search_text_refresh

    field, _ = ProcedureField.objects.get_or_create(code="ho-tich", defaults={"name": "Hộ tịch"})
    procedure = Procedure.objects.create(
        code="1.001193",
        name="Đăng ký khai sinh",
        field=field,
        processing_days=3,
        documents=BIRTH_DOCUMENTS,
        form_schema=BIRTH_SCHEMA,
    )
    procedure.agency_types.set(AgencyType.objects.filter(code__in=["commune", "ward"]))
    procedure_search_text_refresh(procedures=[procedure])
    return procedure


@pytest.fixture
def birth(demo_province: Any) -> Procedure:
    return birth_registration()


@pytest.fixture
def citizen(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user(
        "me-an", password="x" * 12, phone="+84912345678", display_name="Trần Thị Bé"
    )


def _official(django_user_model: Any, username: str, role: str) -> Any:
    user = django_user_model.objects.create_user(username, password="x" * 12, is_staff=True)
    RoleAssignment.objects.create(
        user=user, agency=Agency.objects.get(code="TN.P.TANNINH"), role=role
    )
    return user


@pytest.fixture
def handler(django_user_model: Any, demo_province: Any) -> Any:
    return _official(django_user_model, "hotich.xuly", "handler")


@pytest.fixture
def approver(django_user_model: Any, demo_province: Any) -> Any:
    return _official(django_user_model, "hotich.duyet", "approver")


@pytest.fixture
def send(birth: Procedure, citizen: Any) -> Any:
    """send(**overrides) → a dossier sent by `citizen` to Phường Tân Ninh with two files."""

    def make(**overrides: Any) -> Any:
        data: dict[str, Any] = {
            "procedure": birth,
            "user": citizen,
            "answers": dict(ANSWERS),
            "files": {"to_khai": [processed(pdf())], "chung_sinh": [processed(jpeg())]},
            "sending": Sending(
                agency=Agency.objects.get(code="TN.P.TANNINH"), contact_phone="+84912345678"
            ),
            **overrides,
        }
        return dossier_submit(**data)

    return make


@pytest.fixture
def english() -> Iterator[None]:
    """Messages in their English source, whatever the catalogue holds."""
    with translation.override("en"):
        yield
