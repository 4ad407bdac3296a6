"""A case from opening to a terminal state: roles, clocks, history, notifications."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from openprovince.cases.models import Case, CaseEvent
from openprovince.cases.services.comments import case_comment_add, case_rate
from openprovince.cases.services.overdue import cases_escalate_overdue
from openprovince.cases.services.transitions import case_transition
from openprovince.core.errors import AppError, PermissionDenied
from openprovince.core.models import AuditEvent
from openprovince.notifications.models import InAppNotification

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_a_full_lifecycle_with_a_paused_clock(open_case, people):
    citizen = people("dan", phone="+84912345678")
    handler = people("xuly", "TN.P.TANNINH", "handler")
    case = open_case(applicant=citizen)
    assert case.code.startswith("TN.P.TANNINH-") and case.code.endswith("-0001")
    assert case.state == "received" and case.due_at and case.state_due_at
    case = case_transition(case_id=case.pk, action="accept", actor=handler)
    case = case_transition(
        case_id=case.pk, action="ask_info", actor=handler, note="Xin gửi ảnh chụp rõ hơn."
    )
    assert case.state == "waiting_citizen" and case.paused_at is not None
    frozen = case.remaining_seconds
    assert frozen and frozen > 0
    case = case_transition(case_id=case.pk, action="reply", actor=citizen, note="Đã gửi ảnh.")
    assert case.paused_at is None and case.due_at > timezone.now()
    case = case_transition(case_id=case.pk, action="resolve", actor=handler, note="Đã thay bóng.")
    assert case.state == "resolved" and case.closed_at is not None
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True)) == [
        "open",
        "accept",
        "ask_info",
        "reply",
        "resolve",
    ]
    # The citizen was told of each public step taken by someone else (open included).
    assert InAppNotification.objects.filter(user=citizen).count() == 4
    case_rate(case=case, user=citizen, rating=5, comment="Nhanh")
    assert Case.objects.get(pk=case.pk).rating == 5
    assert AuditEvent.objects.filter(action="case.resolve", actor=handler).exists()


def test_a_step_not_allowed_in_this_state_is_a_clear_conflict(open_case, people):
    handler = people("xuly", "TN.P.TANNINH", "handler")
    case = open_case()
    with pytest.raises(AppError) as err:
        case_transition(case_id=case.pk, action="resolve", actor=handler, note="x")
    assert err.value.code == "cases.wrong_state" and err.value.status == 409


@pytest.mark.parametrize(
    ("role", "code", "action", "allowed"),
    [
        ("viewer", "TN.P.TANNINH", "accept", False),
        ("handler", "TN.P.TANNINH", "accept", True),
        ("approver", "TN.P.TANNINH", "accept", True),  # higher ranks may do lower ranks' steps
        ("handler", "TN.P.TANNINH", "reject", False),  # refusing needs an approver
        ("approver", "TN.P.TANNINH", "reject", True),
        ("handler", "TN.P.GODAU", "accept", False),  # another ward
        ("handler", "TN", "accept", True),  # the province covers its wards
    ],
)
def test_the_role_by_state_matrix(open_case, people, role, code, action, allowed):
    official = people("canbo", code, role)
    case = open_case()
    if allowed:
        assert case_transition(case_id=case.pk, action=action, actor=official, note="n").state
    else:
        with pytest.raises(PermissionDenied):
            case_transition(case_id=case.pk, action=action, actor=official, note="n")
        assert AuditEvent.objects.filter(action="case.denied", success=False).exists()


def test_only_the_applicant_takes_citizen_steps(open_case, people):
    citizen, stranger = people("dan"), people("nguoila")
    case = open_case(applicant=citizen)
    with pytest.raises(PermissionDenied):
        case_transition(case_id=case.pk, action="withdraw", actor=stranger)
    assert case_transition(case_id=case.pk, action="withdraw", actor=citizen).state == "withdrawn"


def test_a_required_note_is_enforced(open_case, people):
    handler = people("xuly", "TN.P.TANNINH", "handler")
    case = case_transition(case_id=open_case().pk, action="accept", actor=handler)
    with pytest.raises(AppError) as err:
        case_transition(case_id=case.pk, action="ask_info", actor=handler, note="  ")
    assert err.value.code == "cases.note_required"


def test_a_stale_form_gets_reload_not_an_overwrite(open_case, people):
    first, second = people("a", "TN.P.TANNINH", "handler"), people("b", "TN.P.TANNINH", "approver")
    case = open_case()
    seen = case.version
    case_transition(case_id=case.pk, action="accept", actor=first, expected_version=seen)
    with pytest.raises(AppError) as err:
        case_transition(
            case_id=case.pk, action="reject", actor=second, note="Trùng", expected_version=seen
        )
    assert err.value.code == "cases.changed" and err.value.status == 409
    assert Case.objects.get(pk=case.pk).state == "in_progress"


def test_codes_count_per_agency_and_day(open_case):
    codes = [open_case().code for _ in range(3)] + [open_case(code="TN.P.GODAU").code]
    assert [c[-4:] for c in codes] == ["0001", "0002", "0003", "0001"]
    assert len(set(codes)) == 4


def test_overdue_is_derived_and_escalation_notifies_then_moves_up(open_case, people):
    handler = people("xuly", "TN.P.TANNINH", "handler")
    case = open_case()
    now = datetime(2026, 12, 2, 10, 0, tzinfo=VN)  # a Wednesday, no holiday: stable counts
    Case.objects.filter(pk=case.pk).update(due_at=datetime(2026, 11, 30, 9, 0, tzinfo=VN))
    assert cases_escalate_overdue(now=now) == 1  # overdue ≥ 1 working day: notify
    case.refresh_from_db()
    assert case.escalation_level == 1 and case.agency.code == "TN.P.TANNINH"
    assert InAppNotification.objects.filter(user=handler).exists()
    assert cases_escalate_overdue(now=now) == 0  # applied once only
    Case.objects.filter(pk=case.pk).update(due_at=datetime(2026, 11, 25, 10, 0, tzinfo=VN))
    assert cases_escalate_overdue(now=now) == 1  # ≥ 3 working days: to the parent agency
    case.refresh_from_db()
    assert case.agency.code == "TN" and case.escalation_level == 2
    assert CaseEvent.objects.filter(case=case, action="escalate").count() == 2


def test_a_paused_case_is_never_overdue(open_case, people):
    handler = people("xuly", "TN.P.TANNINH", "handler")
    case = case_transition(case_id=open_case().pk, action="accept", actor=handler)
    case = case_transition(case_id=case.pk, action="ask_info", actor=handler, note="?")
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(days=9))
    assert cases_escalate_overdue() == 0


def test_comments_public_and_internal(open_case, people):
    citizen, handler = people("dan"), people("xuly", "TN.P.TANNINH", "handler")
    case = open_case(applicant=citizen)
    case_comment_add(case=case, author=handler, body="Ghi chú nội bộ", internal=True)
    case_comment_add(case=case, author=citizen, body="Cảm ơn", internal=True)  # citizens: public
    assert list(case.comments.values_list("is_internal", flat=True)) == [True, False]
    with pytest.raises(PermissionDenied):
        case_comment_add(case=case, author=people("khac"), body="x", internal=False)
