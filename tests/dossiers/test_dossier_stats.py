"""Statistics per procedure and agency: received, online share, on time, late, average days."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from openprovince.cases.models import Case
from openprovince.cases.services.transitions import case_transition
from openprovince.dossiers.services.handling import dossier_apologise, dossier_result_sign
from tests.conftest import sign_in_official
from tests.dossiers.conftest import pdf, processed

pytestmark = pytest.mark.django_db


def _approve(dossier, handler, approver):
    for step in ("receive", "start_review", "propose"):
        case_transition(case_id=dossier.case_id, action=step, actor=handler)
    return dossier_result_sign(dossier=dossier, by=approver, upload=processed(pdf()))


def test_on_time_late_apologised_and_online_share(client, send, handler, approver):
    on_time = send()
    _approve(on_time, handler, approver)
    apologised = send()
    Case.objects.filter(pk=apologised.case_id).update(due_at=timezone.now() - timedelta(hours=1))
    apologised.case.refresh_from_db()
    dossier_apologise(
        dossier=apologised, by=handler, reason="Chờ ý kiến cơ quan khác.",
        new_due_at=timezone.now() + timedelta(days=3),
    )  # fmt: skip
    _approve(apologised, handler, approver)  # finished before the new date: still late
    overdue = send()
    Case.objects.filter(pk=overdue.case_id).update(
        due_at=timezone.now() - timedelta(hours=1), channel=Case.Channel.COUNTER
    )
    sign_in_official(client, handler)
    response = client.get("/office/dossiers/stats/?days=90")
    assert response.status_code == 200
    total = response.context["total"]
    assert (total.received, total.finished, total.on_time, total.late) == (3, 2, 1, 2)
    assert total.online_share == 67 and total.on_time_share == 50
    assert client.get("/office/dossiers/stats/?days=abc").status_code == 200


def test_officials_see_only_their_agencies(client, send, django_user_model, demo_province):
    from openprovince.accounts.models import RoleAssignment
    from openprovince.agencies.models import Agency

    send()
    other = django_user_model.objects.create_user("godau", password="x" * 12, is_staff=True)
    RoleAssignment.objects.create(
        user=other, agency=Agency.objects.get(code="TN.P.GODAU"), role="handler"
    )
    sign_in_official(client, other)
    assert client.get("/office/dossiers/stats/").context["total"].received == 0
