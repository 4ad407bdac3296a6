from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from openprovince.accounts.models import RoleAssignment
from openprovince.agencies.models import Agency
from openprovince.cases.definitions import workflow_definition_save
from openprovince.cases.services.opening import case_open

WORKFLOW = Path(__file__).resolve().parents[2] / "openprovince/cases/workflows/general-request.json"


def general_request() -> dict[str, Any]:
    return json.loads(WORKFLOW.read_text(encoding="utf-8"))


@pytest.fixture
def workflow(db: Any) -> Any:
    return workflow_definition_save(data=general_request())


@pytest.fixture
def people(django_user_model: Any, demo_province: Any) -> Any:
    def make(name: str, code: str | None = None, role: str | None = None, **extra: Any) -> Any:
        user = django_user_model.objects.create_user(
            name, password="x" * 12, is_staff=bool(code), **extra
        )
        if code and role:
            RoleAssignment.objects.create(
                user=user, agency=Agency.objects.get(code=code), role=role
            )
        return user

    return make


@pytest.fixture
def open_case(workflow: Any, people: Any) -> Any:
    def make(
        applicant: Any = None, code: str = "TN.P.TANNINH", title: str = "Đèn đường hỏng"
    ) -> Any:
        return case_open(
            kind="general-request",
            title=title,
            agency=Agency.objects.get(code=code),
            applicant=applicant,
        )

    return make
