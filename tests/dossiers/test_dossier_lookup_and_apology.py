"""Lookup by code and phone without signing in, and late dossiers: overdue is derived, and
the apology with a new appointment reaches the citizen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openprovince.cases.models import Case
from openprovince.cases.selectors import is_overdue
from openprovince.core.errors import AppError
from openprovince.dossiers.services.handling import dossier_apologise
from openprovince.notifications.models import InAppNotification
from tests.conftest import sign_in_official

pytestmark = pytest.mark.django_db


def _lookup(client, code: str, phone: str, **extra):
    return client.post("/dossiers/lookup", {"code": code, "phone": phone}, **extra)


def test_the_right_code_and_phone_show_the_state_and_dates_only(client, send):
    dossier = send()
    response = _lookup(client, dossier.case.code.lower(), "0912 345 678")
    page = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "Mới đăng ký" in page and dossier.procedure.name in page
    assert "Nguyễn Văn An" not in page and "072195001234" not in page  # no answers
    assert "Trần Thị Bé" not in page  # nor the applicant's name


@pytest.mark.parametrize("phone", ["0987 654 321", "", "not a phone"])
def test_a_wrong_phone_reveals_nothing(client, send, phone):
    dossier = send()
    wrong = _lookup(client, dossier.case.code, phone)
    unknown = _lookup(client, "TN.P.TANNINH-000000-9999", "0912 345 678")
    assert wrong.status_code == unknown.status_code == 404
    for page in (wrong.content.decode(), unknown.content.decode()):
        assert dossier.procedure.name not in page and "Phường Tân Ninh" not in page
        assert "Không có hồ sơ nào khớp" in page or "No dossier matches" in page


def test_many_lookups_from_one_address_are_slowed_down(client, send, settings):
    settings.DOSSIER_LOOKUPS_PER_IP_HOUR = 3
    dossier = send()
    for n in range(3):
        _lookup(client, dossier.case.code, f"098765432{n}", REMOTE_ADDR="203.0.113.7")
    right = _lookup(client, dossier.case.code, "0912345678", REMOTE_ADDR="203.0.113.7")
    assert right.status_code == 429
    assert _lookup(client, dossier.case.code, "0912345678").status_code == 200  # elsewhere


def test_overdue_is_derived_and_the_apology_sets_a_new_date_and_tells_the_citizen(
    client, send, handler, citizen
):
    dossier = send()
    case = dossier.case
    assert not is_overdue(case)
    with pytest.raises(AppError) as not_late:
        dossier_apologise(
            dossier=dossier, by=handler, reason="Chờ xác minh thêm thông tin.",
            new_due_at=timezone.now() + timedelta(days=5),
        )  # fmt: skip
    assert not_late.value.code == "dossiers.not_late"
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(hours=2))
    case.refresh_from_db()
    assert is_overdue(case) and case.state == "submitted"  # late is not a state
    new_date = timezone.now() + timedelta(days=4)
    sign_in_official(client, handler)
    page = client.get(f"/office/dossiers/{case.public_id}/").content.decode()
    assert 'name="new_date"' in page  # the apology form appears for a late dossier
    response = client.post(
        f"/office/dossiers/{case.public_id}/",
        {"do": "apology", "reason": "Chờ xác minh thêm thông tin.",
         "new_date": timezone.localtime(new_date).strftime("%Y-%m-%d")},
    )  # fmt: skip
    assert response.status_code == 302
    case.refresh_from_db()
    assert not is_overdue(case) and case.due_at.date() >= new_date.date() - timedelta(days=1)
    note = InAppNotification.objects.filter(user=citizen, event="dossier.apology").get()
    assert case.code in note.title and "Chờ xác minh" in note.body
    slip = client.get(f"/office/dossiers/{case.public_id}/slips/apology").content.decode()
    assert "Chờ xác minh thêm thông tin." in slip


def test_an_apology_needs_a_reason_and_a_later_date(send, handler):
    dossier = send()
    Case.objects.filter(pk=dossier.case_id).update(due_at=timezone.now() - timedelta(hours=1))
    dossier.case.refresh_from_db()
    with pytest.raises(AppError) as err:
        dossier_apologise(
            dossier=dossier, by=handler, reason="x", new_due_at=timezone.now() - timedelta(days=1)
        )
    assert set(err.value.fields) == {"reason", "new_due_at"}
