"""Open311 GeoReport v2 at /open311/v2/: discovery, services, and filing reports with an
integrator key, in JSON and in XML. (Reading reports and updates: test_open311_requests.py.)"""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from openprovince.accounts.hashing import keyed_hash
from openprovince.cases.models import Case
from openprovince.core.models import AuditEvent
from openprovince.reports.models import Report, ReportCategory
from openprovince.reports.open311.keys import PURPOSE
from openprovince.reports.open311.models import IntegratorKey
from tests.reports.open311_helpers import (
    BASE,
    HANOI,
    open311_both,
    open311_errors,
    open311_post,
)

pytestmark = pytest.mark.django_db


# --- discovery and services ---------------------------------------------------------------


def test_discovery_names_this_endpoint_its_formats_and_where_keys_come_from(client, demo_province):
    data, root = open311_both(client, "discovery")
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
    data, root = open311_both(client, "services")
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
    data, root = open311_both(client, "services/streetlight")
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
    _data, root = open311_both(client, "services/nope")
    response = client.get(f"{BASE}/services/nope.json")
    assert response.status_code == 404 and "nope" in open311_errors(response)[0]
    assert root.tag == "errors" and root[0][0].tag == "code" and root[0][0].text == "404"


# --- POST requests: keys ----------------------------------------------------------------


@pytest.mark.parametrize("which", ["missing", "wrong", "disabled"])
def test_posting_needs_an_active_key(client, api_key, which):
    key, raw = api_key
    if which == "disabled":
        IntegratorKey.objects.filter(pk=key.pk).update(is_active=False)
    sent = {"missing": None, "wrong": raw + "x", "disabled": raw}[which]
    response = open311_post(client, sent)
    assert response.status_code == 403 and open311_errors(response)
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
    response = open311_post(
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
    open311_post(client, raw)
    open311_post(client, raw)
    assert Case.objects.values("applicant").distinct().count() == 1


def test_a_vietnamese_phone_files_for_that_citizen(client, api_key, django_user_model):
    _key, raw = api_key
    response = open311_post(client, raw, phone="0987 654 321", first_name="Zyx", last_name="Qwerty")
    assert response.status_code == 200
    citizen = django_user_model.objects.get(phone="+84987654321")
    assert Report.objects.get().case.applicant == citizen
    assert citizen.display_name == "Zyx Qwerty"


def test_the_answer_is_xml_when_posted_to_requests_xml(client, api_key):
    _key, raw = api_key
    response = open311_post(client, raw, fmt="xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.tag == "service_requests" and root[0].tag == "request"
    assert root[0].find("service_request_id").text == Report.objects.get().case.code


def test_an_address_and_the_ward_code_are_enough(client, api_key):
    _key, raw = api_key
    response = open311_post(
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
    response = open311_post(client, raw, **fields)
    assert response.status_code == 400
    descriptions = open311_errors(response)
    assert any(d.startswith(f"{parameter}: ") and text in d for d in descriptions), descriptions
    assert Report.objects.count() == 0
    assert AuditEvent.objects.get(action="open311.submit").success is False


def test_a_required_attribute_is_named_as_the_client_sent_it(client, api_key, light):
    light.questions = [{"code": "count", "label": "Mấy đèn?", "type": "number", "required": True}]
    light.save()
    _key, raw = api_key
    response = open311_post(client, raw)
    assert response.status_code == 400
    assert open311_errors(response) == ["attribute[count]: Vui lòng trả lời: Mấy đèn?"]
    assert open311_post(client, raw, **{"attribute[count]": "3"}).status_code == 200
    assert Report.objects.get().answers == {"count": 3.0}


def test_a_flood_is_throttled_per_key_not_per_person(client, api_key, settings):
    settings.REPORTS_MAX_PER_USER_HOUR = settings.REPORTS_MAX_PER_IP_HOUR = 1
    settings.OPEN311_MAX_PER_KEY_HOUR = 2
    _key, raw = api_key
    # An integrator files for many people from one server: the citizen limits do not apply.
    assert open311_post(client, raw).status_code == 200
    assert open311_post(client, raw).status_code == 200
    response = open311_post(client, raw)
    assert response.status_code == 429 and open311_errors(response)
    assert Report.objects.count() == 2


def test_a_token_is_never_issued_so_every_token_is_unknown(client, demo_province):
    response = client.get(f"{BASE}/tokens/abc123.json")
    assert response.status_code == 404 and open311_errors(response)
