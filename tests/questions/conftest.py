"""Question fixtures: topics answered by Sở Tư pháp (TN.STP) and by the asker's ward, askers,
and officials of each (handler, approver), plus a helper that asks through the service."""

from __future__ import annotations

from typing import Any

import pytest

from openprovince.accounts.models import RoleAssignment
from openprovince.agencies.models import Agency
from openprovince.questions.models import Question, QuestionTopic
from openprovince.questions.services.asking import QuestionInput, question_ask


@pytest.fixture
def civil(demo_province: dict[str, Agency]) -> QuestionTopic:
    """Hộ tịch, answered by the Department of Justice."""
    topic = QuestionTopic.objects.get(code="ho-tich")
    topic.agency = demo_province["TN.STP"]
    topic.save()
    return topic


@pytest.fixture
def residence(demo_province: dict[str, Agency]) -> QuestionTopic:
    """Cư trú: a local topic, answered by the asker's commune/ward."""
    return QuestionTopic.objects.get(code="cu-tru")


def _user(django_user_model: Any, username: str, **fields: Any) -> Any:
    return django_user_model.objects.create_user(username, password="x" * 12, **fields)


def _official(django_user_model: Any, username: str, agency: Agency, role: str) -> Any:
    user = _user(django_user_model, username, display_name=username.title(), is_staff=True)
    RoleAssignment.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def asker(django_user_model: Any) -> Any:
    return _user(django_user_model, "hoi", phone="+84912345678", display_name="Trần Văn Hỏi")


@pytest.fixture
def other_citizen(django_user_model: Any) -> Any:
    return _user(django_user_model, "khac", phone="+84912000999", display_name="Người Khác")


@pytest.fixture
def justice_handler(django_user_model: Any, demo_province: dict[str, Agency]) -> Any:
    return _official(django_user_model, "tuphap", demo_province["TN.STP"], "handler")


@pytest.fixture
def justice_approver(django_user_model: Any, demo_province: dict[str, Agency]) -> Any:
    return _official(django_user_model, "truongphong", demo_province["TN.STP"], "approver")


@pytest.fixture
def health_handler(django_user_model: Any, demo_province: dict[str, Agency]) -> Any:
    """An official of another department: must not see Justice's private questions."""
    return _official(django_user_model, "yte", demo_province["TN.SYT"], "handler")


@pytest.fixture
def ask(civil: QuestionTopic, asker: Any) -> Any:
    def ask(**fields: Any) -> Question:
        user = fields.pop("user", asker)
        data = QuestionInput(
            topic=fields.pop("topic", civil),
            title=fields.pop("title", "Đăng ký khai sinh quá hạn cho con"),
            body=fields.pop(
                "body",
                "Con tôi sinh năm 2020 nhưng chưa làm giấy khai sinh. "
                "Bây giờ đăng ký có bị phạt không, cần giấy tờ gì?",
            ),
            **fields,
        )
        return question_ask(data=data, user=user)

    return ask
