"""The officials' report page: who may see it, the reporter's phone only with consent,
steps, fixing with an after photo, and bad input answered with a message, not a 500."""

import pytest
from django.urls import reverse

from openprovince.accounts.models import ConsentPurpose, RoleAssignment
from openprovince.accounts.services.privacy import consent_give
from openprovince.agencies.models import Agency
from openprovince.cases.models import Case
from tests.conftest import sign_in_official
from tests.reports.conftest import photo

pytestmark = pytest.mark.django_db


def _page(report):
    return reverse("office:report", kwargs={"public_id": report.case.public_id})


def test_the_handler_sees_the_report_but_not_the_phone_without_consent(
    client, file_report, ward_handler
):
    report = file_report()
    page = sign_in_official(client, ward_handler).get(_page(report))
    assert page.status_code == 200
    html = page.content.decode()
    assert report.case.code in html and "Đèn tắt ba đêm" in html
    assert "0912345678" not in html and "+84912345678" not in html


def test_the_phone_is_shown_once_the_reporter_agrees(client, file_report, ward_handler, citizen):
    report = file_report()
    consent_give(user=citizen, purpose=ConsentPurpose.objects.get(code="share-phone-with-handler"))
    html = sign_in_official(client, ward_handler).get(_page(report)).content.decode()
    assert "+84912345678" in html


def test_an_official_of_another_agency_gets_not_found(
    client, file_report, django_user_model, demo_province
):
    report = file_report()
    other = django_user_model.objects.create_user("khac", password="x" * 12, is_staff=True)
    far_away = Agency.objects.exclude(code="TN.P.TANNINH").filter(code__startswith="TN.X").first()
    assert far_away is not None
    RoleAssignment.objects.create(user=other, agency=far_away, role="handler")
    assert sign_in_official(client, other).get(_page(report)).status_code == 404


def test_a_citizen_is_refused(client, file_report, citizen):
    report = file_report()
    client.force_login(citizen)
    assert client.get(_page(report)).status_code == 403


def test_the_generic_case_page_sends_reports_here(client, file_report, ward_handler):
    report = file_report()
    answer = sign_in_official(client, ward_handler).get(
        reverse("office:case", kwargs={"public_id": report.case.public_id})
    )
    assert answer.status_code == 302 and answer["Location"] == _page(report)


def test_steps_then_fixed_with_an_after_photo(client, file_report, ward_handler):
    report = file_report()
    sign_in_official(client, ward_handler)
    for action in ("assign", "start"):
        case = Case.objects.get(pk=report.case_id)
        answer = client.post(
            _page(report), {"do": "step", "action": action, "version": case.version}
        )
        assert answer.status_code == 302
    case = Case.objects.get(pk=report.case_id)
    assert case.state == "in_progress"

    no_photo = client.post(
        _page(report), {"do": "resolve", "note": "Đã sửa", "version": case.version}
    )
    assert no_photo.status_code == 400
    assert "ảnh" in no_photo.content.decode().lower()

    fixed = client.post(
        _page(report),
        {"do": "resolve", "note": "Đã thay bóng", "version": case.version, "photos": photo()},
    )
    assert fixed.status_code == 302
    case.refresh_from_db()
    assert case.state == "resolved"
    assert report.photos.filter(kind="after").count() == 1


def test_a_stale_version_is_refused_with_a_message(client, file_report, ward_handler):
    report = file_report()
    sign_in_official(client, ward_handler)
    stale = Case.objects.get(pk=report.case_id).version
    client.post(_page(report), {"do": "step", "action": "assign", "version": stale})
    again = client.post(_page(report), {"do": "step", "action": "start", "version": stale})
    assert 400 <= again.status_code < 500
    assert Case.objects.get(pk=report.case_id).state == "assigned"


def test_moderation_with_a_malformed_photo_id_is_not_a_500(client, file_report, ward_handler):
    report = file_report()
    answer = sign_in_official(client, ward_handler).post(
        _page(report),
        {"do": "moderate", "photo": "not-a-uuid", "hide_description": "1", "reason": "Lộ SĐT"},
    )
    assert answer.status_code == 302
    report.refresh_from_db()
    assert report.description_hidden


def test_unknown_agency_and_category_are_refused(client, file_report, ward_handler):
    report = file_report()
    sign_in_official(client, ward_handler)
    for data in (
        {"do": "reroute", "agency": "NOPE", "reason": "x"},
        {"do": "recategorise", "category": "nope", "reason": "x"},
        {"do": "merge", "into": "not-a-uuid"},
    ):
        assert 400 <= client.post(_page(report), data).status_code < 500
