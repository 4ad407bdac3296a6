"""Open311 GeoReport v2: reading public reports (filters, dates, pages, extensions), their
updates, and what no output ever shows about a reporter; JSON and XML alike."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.utils import timezone

from openprovince.agencies.models import Agency
from openprovince.cases.models import Case
from openprovince.cases.services.transitions import case_transition
from openprovince.reports.models import Report, ReportCategory
from openprovince.reports.open311.rendering import to_xml
from openprovince.reports.services.handling import (
    report_moderate,
    report_reroute,
    report_resolve,
)
from tests.reports.conftest import TAN_NINH, photo
from tests.reports.open311_helpers import (
    BASE,
    open311_both,
    open311_errors,
    open311_get,
    open311_post,
)

pytestmark = pytest.mark.django_db


# --- GET requests -------------------------------------------------------------------------


def _aged(report: Report, days: float) -> Report:
    then = timezone.now() - timedelta(days=days)
    Report.objects.filter(pk=report.pk).update(created_at=then, updated_at=then)
    Case.objects.filter(pk=report.case_id).update(created_at=then, updated_at=then)
    report.refresh_from_db()
    return report


def _codes(data: list[dict[str, Any]]) -> list[str]:
    return [r["service_request_id"] for r in data]


def test_a_request_carries_the_spec_fields_from_the_public_report(client, file_report):
    report = file_report()
    data, root = open311_both(client, f"requests/{report.case.code}")
    assert root.tag == "service_requests" and root[0].tag == "request"
    [item] = data
    assert item["service_request_id"] == report.case.code and item["status"] == "open"
    assert item["service_code"] == "streetlight" and item["service_name"] == "Đèn đường hỏng"
    assert item["description"] == "Đèn tắt ba đêm" and item["status_notes"] == ""
    assert item["agency_responsible"] == "Phường Tân Ninh" and item["address_id"] == "TN.P.TANNINH"
    assert item["lat"] == TAN_NINH[0] and item["long"] == TAN_NINH[1] and item["zipcode"] == ""
    assert item["requested_datetime"].endswith("+07:00")
    assert item["updated_datetime"].endswith("+07:00")
    assert item["expected_datetime"].endswith("+07:00")
    public_photo = report.photos.get()
    assert item["media_url"] == f"http://testserver/reports/photos/{public_photo.public_id}"
    assert "extended_attributes" not in item


def test_unknown_and_unpublished_requests_are_404(client, file_report):
    hidden = file_report()
    Report.objects.filter(pk=hidden.pk).update(is_public=False)
    for code in ("PA-000000-00000", hidden.case.code):
        response = client.get(f"{BASE}/requests/{code}.json")
        assert response.status_code == 404 and open311_errors(response)
    _data, _root = open311_both(client, "requests/PA-000000-00000")
    assert open311_get(client, "requests.json")[1] == []


def test_requests_filter_by_code_service_status_and_dates(client, file_report, demo_province):
    light_new = file_report()
    light_old = _aged(file_report(), 40)
    rubbish = file_report(category=ReportCategory.objects.get(code="rubbish"))
    too_old = _aged(file_report(), 120)
    Report.objects.filter(pk=rubbish.pk).update(status="closed")

    # default: the last 90 days, newest first
    assert _codes(open311_get(client, "requests.json")[1]) == [
        rubbish.case.code,
        light_new.case.code,
        light_old.case.code,
    ]
    # service_request_id overrides every other filter, even the 90 days
    ids = f"{too_old.case.code},{rubbish.case.code}"
    found = open311_get(
        client, "requests.json", service_request_id=ids, service_code="streetlight"
    )[1]
    assert set(_codes(found)) == {too_old.case.code, rubbish.case.code}
    assert _codes(open311_get(client, "requests.json", service_code="rubbish")[1]) == [
        rubbish.case.code
    ]
    assert set(_codes(open311_get(client, "requests.json", status="open")[1])) == {
        light_new.case.code,
        light_old.case.code,
    }
    assert _codes(open311_get(client, "requests.json", status="closed")[1]) == [rubbish.case.code]
    now = timezone.now()
    window = {
        "start_date": (now - timedelta(days=130)).isoformat(),
        "end_date": (now - timedelta(days=45)).isoformat(),
    }
    assert _codes(open311_get(client, "requests.json", **window)[1]) == [too_old.case.code]
    # only a start: the 90 days after it
    start = {"start_date": (now - timedelta(days=41)).date().isoformat()}
    assert _codes(open311_get(client, "requests.json", **start)[1])[-1] == light_old.case.code


def test_an_unencoded_plus_in_a_date_is_understood(client, file_report):
    report = file_report()
    since = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S")
    response = client.get(f"{BASE}/requests.json?start_date={since}+07:00")
    assert response.status_code == 200 and _codes(json.loads(response.content)) == [
        report.case.code
    ]


def test_requests_filter_by_last_update(client, file_report, ward_handler):
    quiet = _aged(file_report(), 30)
    busy = _aged(file_report(), 30)
    case_transition(case_id=busy.case_id, action="assign", actor=ward_handler)
    yesterday = (timezone.now() - timedelta(days=1)).isoformat()
    assert _codes(open311_get(client, "requests.json", updated_after=yesterday)[1]) == [
        busy.case.code
    ]
    assert _codes(open311_get(client, "requests.json", updated_before=yesterday)[1]) == [
        quiet.case.code
    ]


def test_requests_page_through_results(client, file_report, settings):
    settings.REPORTS_MAX_PER_USER_HOUR = 50
    codes = [file_report(photos=[]).case.code for _ in range(5)][::-1]
    pages = [
        _codes(open311_get(client, "requests.json", page=n, page_size=2)[1]) for n in (1, 2, 3, 4)
    ]
    assert pages == [codes[0:2], codes[2:4], codes[4:5], []]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"start_date": "2026-01-01", "end_date": "2026-05-01"}, "90"),
        ({"start_date": "2026-05-01", "end_date": "2026-01-01"}, "end_date"),
        ({"start_date": "yesterday"}, "start_date"),
        ({"page_size": "1001"}, "page_size"),
        ({"page": "0"}, "page"),
        ({"status": "pending"}, "status"),
    ],
)
def test_bad_searches_are_400(client, demo_province, params, parameter):
    response = client.get(f"{BASE}/requests.json", params)
    assert response.status_code == 400
    assert parameter in " ".join(open311_errors(response))


def test_extensions_add_photos_channel_detailed_status_and_supporters(
    client, file_report, ward_handler
):
    report = file_report()
    case_transition(case_id=report.case_id, action="assign", actor=ward_handler)
    Report.objects.filter(pk=report.pk).update(supporters=3)
    data, _root = open311_both(client, "requests", extensions="true")
    extended = data[0]["extended_attributes"]
    assert extended["photos"] == [data[0]["media_url"]] and extended["channel"] == "web"
    assert extended["detailed_status"] == "assigned"
    assert extended["detailed_status_name"] == "Đã giao xử lý"
    assert extended["supporters"] == 3
    single = open311_get(client, f"requests/{report.case.code}.json", extensions="true")[1]
    assert single[0]["extended_attributes"]["detailed_status"] == "assigned"


def test_a_hidden_photo_is_never_linked(client, file_report, ward_handler):
    report = file_report()
    report_moderate(
        report=report, by=ward_handler, reason="Biển số xe", hide_photo=report.photos.get()
    )
    item = open311_get(client, "requests.json", extensions="true")[1][0]
    assert item["media_url"] == "" and item["extended_attributes"]["photos"] == []


def test_a_moderated_description_is_hidden_everywhere(client, file_report, ward_handler):
    report = file_report(description="Nhà ông Tư số 5, gọi 0909 111 222")
    report_moderate(report=report, by=ward_handler, reason="Số điện thoại", hide_description=True)
    for path in ("requests.json", "requests.xml", "servicerequestupdates.json"):
        assert "0909" not in client.get(f"{BASE}/{path}").content.decode()
    assert open311_get(client, f"requests/{report.case.code}.json")[1][0]["description"] == ""


# --- servicerequestupdates ------------------------------------------------------------------


def test_updates_list_the_public_steps_with_fixmystreet_statuses(client, file_report, ward_handler):
    report = file_report()
    case_transition(case_id=report.case_id, action="triage", actor=ward_handler)  # internal
    case_transition(
        case_id=report.case_id, action="assign", actor=ward_handler, note="Giao đội điện"
    )
    case_transition(case_id=report.case_id, action="start", actor=ward_handler)
    report_resolve(
        report=Report.objects.get(pk=report.pk),
        by=ward_handler,
        response="Đã thay bóng",
        after_photos=[photo("sau.jpg")],
    )
    report_reroute(
        report=Report.objects.get(pk=report.pk),
        agency=Agency.objects.get(code="TN.P.GODAU"),
        by=ward_handler,
        reason="Cột thuộc Gò Dầu",
    )
    data, root = open311_both(client, "servicerequestupdates")
    assert root.tag == "service_requests_updates" and root[0].tag == "request_update"
    steps = [(u["status"], u["external_status_code"], u["description"]) for u in data]
    assert steps == [
        ("ACTION_SCHEDULED", "assigned", "Giao đội điện"),
        ("IN_PROGRESS", "in_progress", ""),
        ("FIXED", "resolved", "Đã thay bóng"),
        ("FIXED", "resolved", "Cột thuộc Gò Dầu"),  # no move: the state it was in
    ]
    assert {u["service_request_id"] for u in data} == {report.case.code}
    after = report.photos.get(kind="after")
    assert data[2]["media_url"] == f"http://testserver/reports/photos/{after.public_id}"
    assert [u["media_url"] == "" for u in data] == [True, True, False, True]
    assert all(u["updated_datetime"].endswith("+07:00") and u["update_id"] for u in data)
    # the request itself now carries the last public note
    assert open311_get(client, f"requests/{report.case.code}.json")[1][0]["status_notes"] == (
        "Cột thuộc Gò Dầu"
    )
    # paging and dates
    second = open311_get(client, "servicerequestupdates.json", page=2, page_size=3)[1]
    assert [u["description"] for u in second] == ["Cột thuộc Gò Dầu"]
    old = {"end_date": (timezone.now() - timedelta(days=1)).isoformat()}
    assert open311_get(client, "servicerequestupdates.json", **old)[1] == []


def test_updates_of_unpublished_reports_are_not_listed(client, file_report, ward_handler):
    report = file_report()
    case_transition(case_id=report.case_id, action="assign", actor=ward_handler, note="Giao")
    Report.objects.filter(pk=report.pk).update(is_public=False)
    assert open311_get(client, "servicerequestupdates.json")[1] == []


# --- privacy --------------------------------------------------------------------------------


def test_no_output_names_or_identifies_a_reporter(client, api_key, file_report, ward_handler):
    report = file_report(show_name=True)  # even when the reporter chose to be named
    case_transition(case_id=report.case_id, action="assign", actor=ward_handler, note="Giao")
    _key, raw = api_key
    answer = open311_post(
        client,
        raw,
        phone="0987654321",
        first_name="Zyx",
        last_name="Qwerty",
        email="zyx@example.org",
        device_id="dev-42",
        account_id="acc-42",
    )
    assert answer.status_code == 200
    posted = Report.objects.exclude(pk=report.pk).get()
    secrets = [
        "912345678",
        "987654321",
        "Lê Thị Mai",
        "Zyx",
        "Qwerty",
        "zyx@example.org",
        "dev-42",
        "acc-42",
        "open311-",
        str(report.case.applicant.public_id),
        str(posted.case.applicant.public_id),
        "xuly",  # the official's user name
    ]
    bodies = [answer.content.decode()]
    for fmt in ("json", "xml"):
        for path in (
            f"requests.{fmt}?extensions=true",
            f"requests/{report.case.code}.{fmt}?extensions=true",
            f"requests/{posted.case.code}.{fmt}",
            f"servicerequestupdates.{fmt}",
        ):
            response = client.get(f"{BASE}/{path}")
            assert response.status_code == 200
            bodies.append(response.content.decode())
    leaked = [s for s in secrets for body in bodies if s in body]
    assert leaked == []


def test_xml_drops_characters_xml_cannot_carry_and_escapes_the_rest():
    body = to_xml("service_requests", [{"description": 'a\x00b\x1bc <d> & "e" đ'}])
    root = ET.fromstring(body)  # noqa: S314 - our own output
    assert root[0].find("description").text == 'abc <d> & "e" đ'
