"""Handling reports: fixed needs an after photo, honest closes, reopen window, rating,
merging duplicates, re-routing, moderation and the reporter's privacy."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openprovince.agencies.models import Agency
from openprovince.cases.models import Case, CaseEvent
from openprovince.cases.services.transitions import case_transition
from openprovince.core.errors import AppError, PermissionDenied
from openprovince.notifications.models import InAppNotification
from openprovince.reports.models import Report, ReportCategory, ReportFollow
from openprovince.reports.services.duplicates import report_support
from openprovince.reports.services.handling import (
    report_merge,
    report_moderate,
    report_rate,
    report_recategorise,
    report_reopen,
    report_reroute,
    report_resolve,
    reports_close_confirmed,
)
from tests.reports.conftest import photo

pytestmark = pytest.mark.django_db


def _fixed(report, handler):
    case_transition(case_id=report.case_id, action="assign", actor=handler)
    case_transition(case_id=report.case_id, action="start", actor=handler)
    return report_resolve(
        report=report, by=handler, response="Đã thay bóng đèn.", after_photos=[photo("sau.jpg")]
    )


def test_fixed_needs_a_response_and_an_after_photo(file_report, ward_handler):
    report = file_report()
    case_transition(case_id=report.case_id, action="assign", actor=ward_handler)
    case_transition(case_id=report.case_id, action="start", actor=ward_handler)
    with pytest.raises(AppError) as err:
        report_resolve(report=report, by=ward_handler, response="Xong", after_photos=[])
    assert err.value.code == "reports.after_photo_required"
    with pytest.raises(AppError):
        report_resolve(report=report, by=ward_handler, response="", after_photos=[photo()])
    report = report_resolve(
        report=report, by=ward_handler, response="Đã thay bóng.", after_photos=[photo()]
    )
    assert report.case.state == "resolved" and report.resolved_at is not None
    assert report.photos.filter(kind="after").count() == 1
    assert report.status == "open"  # waiting for the reporter's confirmation


def test_the_reporter_reopens_within_the_window_but_not_after(
    file_report, ward_handler, citizen, settings
):
    report = _fixed(file_report(), ward_handler)
    report = report_reopen(report=report, user=citizen, reason="Đèn vẫn tắt")
    assert report.case.state == "in_progress"
    report = report_resolve(
        report=report, by=ward_handler, response="Đã sửa lại.", after_photos=[photo()]
    )
    Case.objects.filter(pk=report.case_id).update(
        state_entered_at=timezone.now() - timedelta(days=settings.REPORTS_REOPEN_DAYS + 1)
    )
    report.refresh_from_db()
    with pytest.raises(AppError) as err:
        report_reopen(report=report, user=citizen, reason="Vẫn tắt")
    assert err.value.code == "reports.reopen_window_passed"
    assert "không thể mở lại" in err.value.message


def test_uncontested_fixes_close_after_the_window(file_report, ward_handler, settings):
    report = _fixed(file_report(), ward_handler)
    assert reports_close_confirmed() == 0
    later = timezone.now() + timedelta(days=settings.REPORTS_REOPEN_DAYS + 1)
    assert reports_close_confirmed(now=later) == 1
    report.refresh_from_db()
    assert report.case.state == "closed_fixed" and report.status == "closed"
    event = CaseEvent.objects.filter(case=report.case, action="confirm").get()
    assert event.actor is None


def test_honest_closes_need_a_reason_and_close_the_report(file_report, ward_handler):
    report = file_report()
    with pytest.raises(AppError):
        case_transition(case_id=report.case_id, action="forward", actor=ward_handler, note="")
    case_transition(
        case_id=report.case_id,
        action="forward",
        actor=ward_handler,
        note="Thuộc thẩm quyền Điện lực Tây Ninh; đã chuyển.",
    )
    report.refresh_from_db()
    assert report.case.state == "closed_forwarded" and report.status == "closed"


def test_rating_by_the_reporter_only_once_there_is_a_response(
    file_report, ward_handler, citizen, django_user_model
):
    report = file_report()
    with pytest.raises(AppError):
        report_rate(report=report, user=citizen, rating=5)
    report = _fixed(report, ward_handler)
    with pytest.raises(PermissionDenied):
        report_rate(report=report, user=django_user_model.objects.create_user("khac"), rating=1)
    report_rate(report=report, user=citizen, rating=4, comment="Nhanh")
    assert Case.objects.get(pk=report.case_id).rating == 4


def test_merging_moves_followers_and_photos_and_closes_the_duplicate(
    file_report, ward_handler, django_user_model
):
    original = file_report()
    other = django_user_model.objects.create_user("hangxom", password="x" * 12)
    duplicate = file_report(user=other)
    supporter = django_user_model.objects.create_user("ban", password="x" * 12)
    report_support(report=duplicate, user=supporter)
    merged = report_merge(duplicate=duplicate, original=original, by=ward_handler)
    duplicate.refresh_from_db()
    assert duplicate.case.state == "closed_duplicate" and duplicate.duplicate_of == original
    assert set(
        ReportFollow.objects.filter(report=original).values_list("user__username", flat=True)
    ) == {"dan", "hangxom", "ban"}
    assert merged.photos.count() == 2 and merged.supporters == 2  # hangxom and ban, once each
    with pytest.raises(AppError):
        report_merge(duplicate=original, original=original, by=ward_handler)


def test_reroute_and_recategorise_need_a_reason_and_tell_the_reporter(
    file_report, ward_handler, citizen
):
    report = file_report()
    before = InAppNotification.objects.filter(user=citizen).count()
    with pytest.raises(AppError):
        report_reroute(
            report=report, agency=Agency.objects.get(code="TN.P.GODAU"), by=ward_handler, reason=" "
        )
    report = report_reroute(
        report=report,
        agency=Agency.objects.get(code="TN.P.GODAU"),
        by=ward_handler,
        reason="Địa điểm thuộc phường Gò Dầu",
    )
    assert report.case.agency.code == "TN.P.GODAU"
    assert InAppNotification.objects.filter(user=citizen).count() == before + 1
    # No longer in Tân Ninh's hands.
    with pytest.raises(PermissionDenied):
        report_recategorise(
            report=report,
            category=ReportCategory.objects.get(code="road"),
            by=ward_handler,
            reason="x",
        )
    assert CaseEvent.objects.filter(case=report.case, action="reroute", is_public=True).exists()


def test_the_public_page_hides_the_phone_and_honours_the_name_choice(
    client, file_report, ward_handler
):
    anonymous = file_report()
    page = client.get(f"/reports/{anonymous.case.public_id}/").content.decode()
    assert "0912" not in page and "+84912345678" not in page and "Lê Thị Mai" not in page
    named = file_report(show_name=True)
    assert "Lê Thị Mai" in client.get(f"/reports/{named.case.public_id}/").content.decode()


def test_moderation_hides_text_and_photos_from_the_public(client, file_report, ward_handler):
    report = file_report(description="Nhà ông Nguyễn Văn B số 0901234567")
    hidden = report.photos.get()
    report_moderate(
        report=report,
        by=ward_handler,
        reason="Có số điện thoại và mặt người",
        hide_description=True,
        hide_photo=hidden,
    )
    page = client.get(f"/reports/{report.case.public_id}/").content.decode()
    assert "0901234567" not in page
    assert client.get(f"/reports/photos/{hidden.public_id}").status_code == 404
    from tests.conftest import sign_in_official

    sign_in_official(client, ward_handler)
    assert client.get(f"/reports/photos/{hidden.public_id}").status_code == 200
    with pytest.raises(AppError):
        report_moderate(report=report, by=ward_handler, reason="", hide_description=True)


def test_status_follows_the_case_even_when_moved_from_the_generic_case_page(
    client, file_report, ward_handler
):
    from tests.conftest import sign_in_official

    report = file_report()
    sign_in_official(client, ward_handler)
    client.post(
        f"/office/cases/{report.case.public_id}/",
        {"action": "reject", "note": "Không đúng địa điểm", "version": report.case.version},
    )
    assert Report.objects.get(pk=report.pk).status == "closed"
