"""Open311 GeoReport v2 at /open311/v2/: discovery, services, filing reports with an
integrator key, reading public reports and their updates, in JSON and in XML."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone

from openprovince.accounts.hashing import keyed_hash
from openprovince.agencies.models import Agency
from openprovince.cases.models import Case
from openprovince.cases.services.transitions import case_transition
from openprovince.core.models import AuditEvent
from openprovince.reports.models import Report, ReportCategory
from openprovince.reports.open311.keys import PURPOSE, integrator_key_issue
from openprovince.reports.open311.models import IntegratorKey
from openprovince.reports.open311.rendering import ITEM_NAMES, to_xml
from openprovince.reports.services.handling import (
    report_moderate,
    report_reroute,
    report_resolve,
)
from tests.reports.conftest import TAN_NINH, photo

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
# Hà Nội: outside the demo province.
HANOI = (21.03, 105.85)


# --- helpers ----------------------------------------------------------------------------


@pytest.fixture
def api_key(demo_province: Any) -> tuple[IntegratorKey, str]:
    key = IntegratorKey(name="Cổng 1022")
    return key, integrator_key_issue(key=key)


def _post(client: Client, key: str | None, fmt: str = "json", **fields: Any) -> Any:
    data = {"service_code": "streetlight", "lat": TAN_NINH[0], "long": TAN_NINH[1], **fields}
    if key is not None:
        data["api_key"] = key
    return client.post(f"{BASE}/requests.{fmt}", data)


def _get(client: Client, path: str, **params: Any) -> Any:
    response = client.get(f"{BASE}/{path}", params)
    return response, json.loads(response.content) if path.endswith(".json") else None


def _errors(response: Any) -> list[str]:
    body = json.loads(response.content)
    assert all(set(e) == {"code", "description"} for e in body)
    assert all(e["code"] == response.status_code for e in body)
    return [e["description"] for e in body]


def _xml_as_data(element: ET.Element) -> Any:
    """The XML read back into JSON's shape: lists where the spec repeats an element."""
    children = list(element)
    if not children:
        return element.text or ""
    item = ITEM_NAMES.get(element.tag)
    if item and all(c.tag == item for c in children):
        return [_xml_as_data(c) for c in children]
    return {c.tag: _xml_as_data(c) for c in children}


def _as_text(value: Any) -> Any:
    """JSON's values as XML carries them: text, with nothing (null, []) as ""."""
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value] if value else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _both(client: Client, path: str, **params: Any) -> tuple[Any, ET.Element]:
    """The JSON and the XML of one resource: same status, both well-formed, same content."""
    as_json = client.get(f"{BASE}/{path}.json", params)
    as_xml = client.get(f"{BASE}/{path}.xml", params)
    assert as_json.status_code == as_xml.status_code
    assert as_json["Content-Type"] == "application/json; charset=utf-8"
    assert as_xml["Content-Type"] == "text/xml; charset=utf-8"
    assert as_xml.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root = ET.fromstring(as_xml.content)  # noqa: S314 - our own output
    data = json.loads(as_json.content)
    assert _xml_as_data(root) == _as_text(data)
    return data, root


# --- discovery and services ---------------------------------------------------------------


def test_discovery_names_this_endpoint_its_formats_and_where_keys_come_from(client, demo_province):
    data, root = _both(client, "discovery")
    assert root.tag == "discovery"
    endpoint = data["endpoints"][0]
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert "1022" in data["contact"] and data["key_service"]
    assert data["changeset"].endswith("+07:00")


def test_services_list_the_active_categories_with_metadata_when_they_ask_questions(
    client, demo_province
):
    ReportCategory.objects.filter(code="noise").update(is_active=False)
    data, root = _both(client, "services")
    assert root.tag == "services" and root[0].tag == "service"
    by_code = {s["service_code"]: s for s in data}
    assert "noise" not in by_code
    light = by_code["streetlight"]
    assert light["service_name"] == "Đèn đường hỏng"
    assert light["metadata"] is True and light["type"] == "realtime"
    assert "Street light out" in light["keywords"] and light["group"]
    assert by_code["other"]["metadata"] is False


def test_a_service_definition_maps_each_question_to_an_attribute(client, light):
    light.questions = [
        {"code": "pole", "label": "Số cột", "type": "text", "required": False},
        {"code": "count", "label": "Mấy đèn?", "type": "number", "required": True},
        {"code": "danger", "label": "Nguy hiểm?", "type": "yesno"},
        {
            "code": "kind",
            "label": "Loại đèn",
            "type": "select",
            "options": [{"key": "led", "label": "Đèn LED"}, {"key": "sodium", "label": "Cao áp"}],
        },
    ]
    light.save()
    data, root = _both(client, "services/streetlight")
    assert root.tag == "service_definition" and data["service_code"] == "streetlight"
    pole, count, danger, kind = data["attributes"]
    assert pole["datatype"] == "string" and pole["variable"] is True and pole["order"] == 1
    assert pole["description"] == "Số cột" and pole["required"] is False
    assert count["datatype"] == "number" and count["required"] is True
    assert danger["datatype"] == "singlevaluelist"
    assert [v["key"] for v in danger["values"]] == ["true", "false"]
    assert kind["values"] == [
        {"key": "led", "name": "Đèn LED"},
        {"key": "sodium", "name": "Cao áp"},
    ]
    assert "values" not in pole


def test_an_unknown_service_is_404_in_the_spec_error_shape(client, demo_province):
    _data, root = _both(client, "services/nope")
    response = client.get(f"{BASE}/services/nope.json")
    assert response.status_code == 404 and "nope" in _errors(response)[0]
    assert root.tag == "errors" and root[0][0].tag == "code" and root[0][0].text == "404"


# --- POST requests: keys ----------------------------------------------------------------


@pytest.mark.parametrize("which", ["missing", "wrong", "disabled"])
def test_posting_needs_an_active_key(client, api_key, which):
    key, raw = api_key
    if which == "disabled":
        IntegratorKey.objects.filter(pk=key.pk).update(is_active=False)
    sent = {"missing": None, "wrong": raw + "x", "disabled": raw}[which]
    response = _post(client, sent)
    assert response.status_code == 403 and _errors(response)
    assert Report.objects.count() == 0
    denied = AuditEvent.objects.get(action="open311.denied")
    assert (
        denied.success is False
        and denied.details["reason"]
        == {
            "missing": "missing",
            "wrong": "unknown",
            "disabled": "disabled",
        }[which]
    )
    assert raw not in json.dumps(denied.details)


def test_only_a_keyed_hash_of_the_key_is_stored(api_key):
    key, raw = api_key
    key.refresh_from_db()
    assert raw.startswith("o311_") and len(raw) > 40
    assert key.key_hash == keyed_hash(raw, purpose=PURPOSE) and raw not in key.key_hash


def test_an_admin_sees_a_new_key_once_and_can_disable_it(admin_client, demo_province):
    response = admin_client.post(
        "/admin/open311/integratorkey/add/",
        {"name": "Hệ thống 1022", "is_active": "on"},
        follow=True,
    )
    key = IntegratorKey.objects.get(name="Hệ thống 1022")
    shown = [str(m) for m in response.context["messages"]]
    raw = next(w for m in shown for w in m.split() if w.startswith("o311_"))
    assert key.key_hash == keyed_hash(raw, purpose=PURPOSE)
    assert (
        raw
        not in admin_client.get(f"/admin/open311/integratorkey/{key.pk}/change/").content.decode()
    )
    admin_client.post(
        "/admin/open311/integratorkey/",
        {"action": "disable", "_selected_action": [key.pk]},
    )
    key.refresh_from_db()
    assert key.is_active is False
    assert AuditEvent.objects.filter(action="open311.key_disable").count() == 1


# --- POST requests: filing ----------------------------------------------------------------


def test_a_valid_post_files_one_report_at_the_ward_of_the_point(api_key):
    key, raw = api_key
    client = Client(enforce_csrf_checks=True)  # a machine sends no CSRF token
    response = _post(
        client,
        raw,
        description="Đèn tắt cả tuần",
        media_url="https://example.org/anh/1.jpg",
        **{"attribute[pole]": "C-12"},
    )
    assert response.status_code == 200, response.content
    [answer] = json.loads(response.content)
    report = Report.objects.get()
    assert answer["service_request_id"] == report.case.code
    assert answer["account_id"] is None and report.case.code in answer["service_notice"]
    assert report.case.agency.code == "TN.P.TANNINH" and report.case.channel == Case.Channel.API
    assert report.answers == {"pole": "C-12", "_media_url": "https://example.org/anh/1.jpg"}
    assert report.description == "Đèn tắt cả tuần" and report.photos.count() == 0
    applicant = report.case.applicant
    assert applicant.username == f"open311-{key.pk}" and not applicant.has_usable_password()
    audit = AuditEvent.objects.get(action="open311.submit")
    assert audit.success and audit.details["key"] == key.pk
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_a_second_post_uses_the_same_integration_account(client, api_key):
    _key, raw = api_key
    _post(client, raw)
    _post(client, raw)
    assert Case.objects.values("applicant").distinct().count() == 1


def test_a_vietnamese_phone_files_for_that_citizen(client, api_key, django_user_model):
    _key, raw = api_key
    response = _post(client, raw, phone="0987 654 321", first_name="Zyx", last_name="Qwerty")
    assert response.status_code == 200
    citizen = django_user_model.objects.get(phone="+84987654321")
    assert Report.objects.get().case.applicant == citizen
    assert citizen.display_name == "Zyx Qwerty"


def test_the_answer_is_xml_when_posted_to_requests_xml(client, api_key):
    _key, raw = api_key
    response = _post(client, raw, fmt="xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.tag == "service_requests" and root[0].tag == "request"
    assert root[0].find("service_request_id").text == Report.objects.get().case.code


def test_an_address_and_the_ward_code_are_enough(client, api_key):
    _key, raw = api_key
    response = _post(
        client, raw, lat="", long="", address_string="Hẻm 12 chợ Gò Dầu", address_id="TN.P.GODAU"
    )
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.case.agency.code == "TN.P.GODAU" and report.lat is None


@pytest.mark.parametrize(
    ("fields", "parameter", "text"),
    [
        ({"service_code": "nope"}, "service_code", "nope"),
        ({"lat": "", "long": ""}, "lat/long", "Hãy cho biết nơi xảy ra"),
        ({"lat": "", "long": "", "address_string": "Chợ"}, "lat/long", "Hãy cho biết nơi"),
        ({"lat": HANOI[0], "long": HANOI[1]}, "lat/long", "nằm ngoài địa bàn tỉnh"),
        ({"lat": "abc"}, "lat/long", "Tọa độ không hợp lệ"),
        ({"address_id": "TN.SXD"}, "address_id", "address_id"),
        ({"description": "x" * 4001}, "description", "4.000"),
        ({"media_url": "javascript:alert(1)"}, "media_url", "http"),
    ],
)
def test_bad_posts_are_400_with_a_clear_description(client, api_key, fields, parameter, text):
    _key, raw = api_key
    response = _post(client, raw, **fields)
    assert response.status_code == 400
    descriptions = _errors(response)
    assert any(d.startswith(f"{parameter}: ") and text in d for d in descriptions), descriptions
    assert Report.objects.count() == 0
    assert AuditEvent.objects.get(action="open311.submit").success is False


def test_a_required_attribute_is_named_as_the_client_sent_it(client, api_key, light):
    light.questions = [{"code": "count", "label": "Mấy đèn?", "type": "number", "required": True}]
    light.save()
    _key, raw = api_key
    response = _post(client, raw)
    assert response.status_code == 400
    assert _errors(response) == ["attribute[count]: Vui lòng trả lời: Mấy đèn?"]
    assert _post(client, raw, **{"attribute[count]": "3"}).status_code == 200
    assert Report.objects.get().answers == {"count": 3.0}


def test_a_flood_is_throttled_per_key_not_per_person(client, api_key, settings):
    settings.REPORTS_MAX_PER_USER_HOUR = settings.REPORTS_MAX_PER_IP_HOUR = 1
    settings.OPEN311_MAX_PER_KEY_HOUR = 2
    _key, raw = api_key
    # An integrator files for many people from one server: the citizen limits do not apply.
    assert _post(client, raw).status_code == 200
    assert _post(client, raw).status_code == 200
    response = _post(client, raw)
    assert response.status_code == 429 and _errors(response)
    assert Report.objects.count() == 2


def test_a_token_is_never_issued_so_every_token_is_unknown(client, demo_province):
    response = client.get(f"{BASE}/tokens/abc123.json")
    assert response.status_code == 404 and _errors(response)


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
    data, root = _both(client, f"requests/{report.case.code}")
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
        assert response.status_code == 404 and _errors(response)
    _data, _root = _both(client, "requests/PA-000000-00000")
    assert _get(client, "requests.json")[1] == []


def test_requests_filter_by_code_service_status_and_dates(client, file_report, demo_province):
    light_new = file_report()
    light_old = _aged(file_report(), 40)
    rubbish = file_report(category=ReportCategory.objects.get(code="rubbish"))
    too_old = _aged(file_report(), 120)
    Report.objects.filter(pk=rubbish.pk).update(status="closed")

    # default: the last 90 days, newest first
    assert _codes(_get(client, "requests.json")[1]) == [
        rubbish.case.code,
        light_new.case.code,
        light_old.case.code,
    ]
    # service_request_id overrides every other filter, even the 90 days
    ids = f"{too_old.case.code},{rubbish.case.code}"
    found = _get(client, "requests.json", service_request_id=ids, service_code="streetlight")[1]
    assert set(_codes(found)) == {too_old.case.code, rubbish.case.code}
    assert _codes(_get(client, "requests.json", service_code="rubbish")[1]) == [rubbish.case.code]
    assert set(_codes(_get(client, "requests.json", status="open")[1])) == {
        light_new.case.code,
        light_old.case.code,
    }
    assert _codes(_get(client, "requests.json", status="closed")[1]) == [rubbish.case.code]
    now = timezone.now()
    window = {
        "start_date": (now - timedelta(days=130)).isoformat(),
        "end_date": (now - timedelta(days=45)).isoformat(),
    }
    assert _codes(_get(client, "requests.json", **window)[1]) == [too_old.case.code]
    # only a start: the 90 days after it
    start = {"start_date": (now - timedelta(days=41)).date().isoformat()}
    assert _codes(_get(client, "requests.json", **start)[1])[-1] == light_old.case.code


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
    assert _codes(_get(client, "requests.json", updated_after=yesterday)[1]) == [busy.case.code]
    assert _codes(_get(client, "requests.json", updated_before=yesterday)[1]) == [quiet.case.code]


def test_requests_page_through_results(client, file_report, settings):
    settings.REPORTS_MAX_PER_USER_HOUR = 50
    codes = [file_report(photos=[]).case.code for _ in range(5)][::-1]
    pages = [_codes(_get(client, "requests.json", page=n, page_size=2)[1]) for n in (1, 2, 3, 4)]
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
    assert parameter in " ".join(_errors(response))


def test_extensions_add_photos_channel_detailed_status_and_supporters(
    client, file_report, ward_handler
):
    report = file_report()
    case_transition(case_id=report.case_id, action="assign", actor=ward_handler)
    Report.objects.filter(pk=report.pk).update(supporters=3)
    data, _root = _both(client, "requests", extensions="true")
    extended = data[0]["extended_attributes"]
    assert extended["photos"] == [data[0]["media_url"]] and extended["channel"] == "web"
    assert extended["detailed_status"] == "assigned"
    assert extended["detailed_status_name"] == "Đã giao xử lý"
    assert extended["supporters"] == 3
    single = _get(client, f"requests/{report.case.code}.json", extensions="true")[1]
    assert single[0]["extended_attributes"]["detailed_status"] == "assigned"


def test_a_hidden_photo_is_never_linked(client, file_report, ward_handler):
    report = file_report()
    report_moderate(
        report=report, by=ward_handler, reason="Biển số xe", hide_photo=report.photos.get()
    )
    item = _get(client, "requests.json", extensions="true")[1][0]
    assert item["media_url"] == "" and item["extended_attributes"]["photos"] == []


def test_a_moderated_description_is_hidden_everywhere(client, file_report, ward_handler):
    report = file_report(description="Nhà ông Tư số 5, gọi 0909 111 222")
    report_moderate(report=report, by=ward_handler, reason="Số điện thoại", hide_description=True)
    for path in ("requests.json", "requests.xml", "servicerequestupdates.json"):
        assert "0909" not in client.get(f"{BASE}/{path}").content.decode()
    assert _get(client, f"requests/{report.case.code}.json")[1][0]["description"] == ""


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
    data, root = _both(client, "servicerequestupdates")
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
    assert _get(client, f"requests/{report.case.code}.json")[1][0]["status_notes"] == (
        "Cột thuộc Gò Dầu"
    )
    # paging and dates
    second = _get(client, "servicerequestupdates.json", page=2, page_size=3)[1]
    assert [u["description"] for u in second] == ["Cột thuộc Gò Dầu"]
    old = {"end_date": (timezone.now() - timedelta(days=1)).isoformat()}
    assert _get(client, "servicerequestupdates.json", **old)[1] == []


def test_updates_of_unpublished_reports_are_not_listed(client, file_report, ward_handler):
    report = file_report()
    case_transition(case_id=report.case_id, action="assign", actor=ward_handler, note="Giao")
    Report.objects.filter(pk=report.pk).update(is_public=False)
    assert _get(client, "servicerequestupdates.json")[1] == []


# --- privacy --------------------------------------------------------------------------------


def test_no_output_names_or_identifies_a_reporter(client, api_key, file_report, ward_handler):
    report = file_report(show_name=True)  # even when the reporter chose to be named
    case_transition(case_id=report.case_id, action="assign", actor=ward_handler, note="Giao")
    _key, raw = api_key
    answer = _post(
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
