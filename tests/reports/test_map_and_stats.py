"""The public map of reports (page and JSON), per-agency statistics, and following a ward."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from openprovince.agencies.models import Agency
from openprovince.cases.models import Case, CaseEvent
from openprovince.cases.services.transitions import case_transition
from openprovince.notifications.models import InAppNotification, OutboxMessage
from openprovince.reports import views_map
from openprovince.reports.models import AreaFollow, Report, ReportCategory
from openprovince.reports.services.areas import area_follow, area_notify_new_report
from openprovince.reports.services.handling import (
    report_moderate,
    report_rate,
    report_reopen,
    report_resolve,
    reports_close_confirmed,
)
from openprovince.reports.stats import reports_stats, reports_stats_compute
from tests.reports.conftest import TAN_NINH, photo

pytestmark = pytest.mark.django_db

LAT, LNG = TAN_NINH
AROUND = {"south": LAT - 0.05, "west": LNG - 0.05, "north": LAT + 0.05, "east": LNG + 0.05}
ELSEWHERE = (11.30, 106.25)  # another ward of the demo grid (row 2, column 2)
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _json(client, **params):
    response = client.get("/reports/map.json", {**AROUND, **params})
    return response.status_code, json.loads(response.content)


def _other_citizen(django_user_model, name="hangxom", phone="+84912000999"):
    return django_user_model.objects.create_user(name, password="x" * 12, phone=phone)


# --- map.json ----------------------------------------------------------------------------------


def test_the_map_lists_public_reports_in_the_box_with_public_facts_only(client, file_report):
    report = file_report(description="Nhà bà Mai, gọi 0912345678")
    status, data = _json(client)
    assert status == 200 and data["truncated"] is False
    (row,) = data["reports"]
    assert set(row) == {"id", "lat", "lng", "title", "category", "status", "state_name", "url"}
    assert row["id"] == str(report.case.public_id)
    assert (row["lat"], row["lng"]) == TAN_NINH
    assert row["category"] == "streetlight" and row["status"] == "open"
    assert row["url"] == f"/reports/{report.case.public_id}/"
    assert row["state_name"] == "Đã tiếp nhận"
    body = json.dumps(data, ensure_ascii=False)
    # Never who reported (name, phone, account), never the free text.
    for private in ("Lê Thị Mai", "0912345678", "+84912345678", '"dan"', "Nhà bà Mai"):
        assert private not in body


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"south": "abc"}, {"south"}),
        ({"north": ""}, {"north"}),
        ({"west": "nan"}, {"west"}),
        ({"east": "inf"}, {"east"}),
        ({"south": "-91"}, {"south"}),
        ({"east": "181"}, {"east"}),
        ({"south": "1" * 40}, {"south"}),
    ],
)
def test_bad_numbers_are_refused(client, demo_province, params, fields):
    status, data = _json(client, **params)
    assert status == 400
    assert data["code"] == "reports.bad_box" and data["message"]
    assert set(data["fields"]) == fields


def test_an_inverted_box_is_refused(client, demo_province):
    status, data = _json(client, south=LAT + 0.1, north=LAT)
    assert status == 400 and set(data["fields"]) == {"north"}
    status, data = _json(client, west=LNG + 0.1, east=LNG)
    assert status == 400 and set(data["fields"]) == {"east"}


def test_a_box_larger_than_two_degrees_is_refused(client, demo_province):
    status, data = _json(client, south=10.0, north=12.5)
    assert status == 400 and set(data["fields"]) == {"box"}
    status, data = _json(client, west=105.0, east=107.5)
    assert status == 400 and set(data["fields"]) == {"box"}
    status, _data = _json(client, south=10.0, north=12.0, west=105.0, east=107.0)
    assert status == 200


def test_bad_filters_are_refused(client, demo_province):
    status, data = _json(client, days="5", status="fixed")
    assert status == 400
    assert data["code"] == "reports.bad_filter" and set(data["fields"]) == {"days", "status"}


def test_the_map_filters_by_kind_state_ward_and_time(client, file_report, ward_handler):
    light = file_report()
    rubbish = file_report(category=ReportCategory.objects.get(code="rubbish"))
    old = file_report()
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    case_transition(case_id=rubbish.case_id, action="reject", actor=ward_handler, note="Trùng")

    def ids(**params):
        status, data = _json(client, **params)
        assert status == 200
        return {row["id"] for row in data["reports"]}

    every = {str(r.case.public_id) for r in (light, rubbish, old)}
    assert ids() == every
    assert ids(category="rubbish") == {str(rubbish.case.public_id)}
    assert ids(status="closed") == {str(rubbish.case.public_id)}
    assert ids(status="open") == every - {str(rubbish.case.public_id)}
    assert ids(agency="TN.P.TANNINH") == every
    assert ids(agency="TN.P.GODAU") == set()
    assert ids(days="30") == every - {str(old.case.public_id)}
    assert ids(days="90") == every


def test_hidden_reports_and_reports_without_a_place_are_not_on_the_map(
    client, file_report, ward_handler, demo_province
):
    shown = file_report()
    hidden = file_report()
    report_moderate(report=hidden, by=ward_handler, reason="Ảnh có mặt người", hide_report=True)
    placeless = file_report(
        lat=None, lng=None, address="12 Phạm Tung", ward=demo_province["TN.P.TANNINH"]
    )
    assert placeless.lat is None
    _status, data = _json(client)
    assert [row["id"] for row in data["reports"]] == [str(shown.case.public_id)]
    # A box elsewhere is empty.
    _status, data = _json(client, south=-1, north=1, west=-1, east=1)
    assert data["reports"] == []


def test_the_map_says_when_it_shows_only_the_newest(client, file_report, monkeypatch):
    monkeypatch.setattr(views_map, "MAP_LIMIT", 1)
    file_report()
    newest = file_report()
    _status, data = _json(client)
    assert data["truncated"] is True
    assert [row["id"] for row in data["reports"]] == [str(newest.case.public_id)]


# --- the map page ------------------------------------------------------------------------------


def test_without_javascript_the_map_page_lists_the_filtered_reports(client, file_report):
    light = file_report()
    rubbish = file_report(category=ReportCategory.objects.get(code="rubbish"))
    page = client.get("/reports/map", {"category": "streetlight", "days": "7"})
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/reports/{light.case.public_id}/" in html
    assert f"/reports/{rubbish.case.public_id}/" not in html
    assert "data-map-note" in html  # "the map needs JavaScript: here is the list"
    # The map itself starts hidden (map.js shows it), is named, and a way to the list is
    # right before it.
    assert 'id="map" class="map" role="region" aria-label=' in html
    link = html.index('href="#list"')
    assert link < html.index('id="map"') and html.index('id="list"') > link
    assert " hidden " in html[html.index('id="map"') : html.index('id="map"') + 200]
    # The JSON keeps the page's filters; the map starts on the province.
    assert "/reports/map.json?category=streetlight&amp;days=7" in html
    assert 'data-box="10.95000,105.85000,11.75000,106.45000"' in html
    assert '<option value="7" selected>' in html


def test_the_map_starts_on_the_chosen_ward(client, demo_province):
    html = client.get("/reports/map", {"agency": "TN.P.TANNINH"}).content.decode()
    ward = demo_province["TN.P.TANNINH"]
    assert f'data-box="{ward.min_lat:.5f},{ward.min_lng:.5f},' in html


def test_the_tiles_come_from_the_settings(client, demo_province, settings):
    default = client.get("/reports/map").content.decode()
    assert 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in default
    assert "OpenStreetMap" in default
    settings.MAP_TILE_URL = "https://tiles.example.vn/{z}/{x}/{y}.png"
    settings.MAP_ATTRIBUTION = "Bản đồ © Sở KHCN"
    html = client.get("/reports/map").content.decode()
    assert 'data-tiles="https://tiles.example.vn/{z}/{x}/{y}.png"' in html
    assert 'data-attribution="Bản đồ © Sở KHCN"' in html


def test_leaflet_is_loaded_on_the_map_page_only(client, file_report):
    report = file_report()
    assert "leaflet-1.9.4.min.js" in client.get("/reports/map").content.decode()
    for path in ("/reports/", "/reports/stats", f"/reports/{report.case.public_id}/", "/"):
        html = client.get(path).content.decode()
        assert "leaflet" not in html.lower() and "map.js" not in html, path
    listing = client.get("/reports/").content.decode()
    assert 'href="/reports/map"' in listing and 'href="/reports/stats"' in listing


# --- statistics --------------------------------------------------------------------------------

MONDAY = datetime(2025, 6, 2, 8, 0, tzinfo=VN)  # an ordinary working Monday
NOW = datetime(2025, 6, 20, 12, 0, tzinfo=VN)


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    return (MONDAY + timedelta(days=days)).replace(hour=hour, minute=minute)


def _fix(report, handler):
    case_transition(case_id=report.case_id, action="assign", actor=handler)
    case_transition(case_id=report.case_id, action="start", actor=handler)
    return report_resolve(report=report, by=handler, response="Đã sửa.", after_photos=[photo()])


def _redate(report, *, created, events=(), resolved_at=None):
    """Move a report's history to the given times: `events` are (action, when) in order."""
    Case.objects.filter(pk=report.case_id).update(created_at=created)
    Report.objects.filter(pk=report.pk).update(created_at=created, resolved_at=resolved_at)
    CaseEvent.objects.filter(case_id=report.case_id, action="open").update(at=created)
    for event, (action, when) in zip(
        CaseEvent.objects.filter(case_id=report.case_id, action__in=[a for a, _w in events]),
        events,
        strict=True,
    ):
        assert event.action == action
        CaseEvent.objects.filter(pk=event.pk).update(at=when)


@pytest.fixture
def small_province(file_report, ward_handler, citizen, django_user_model):
    """Tân Ninh: on time (rated 4), late and closed (rated 2), open, reopened then fixed within
    its moved deadline. Elsewhere: fixed on time (rated 5) and rejected. One too old.
    Street lights have 3 working days: received Monday 8:00, due Thursday 17:00."""
    on_time = _fix(file_report(), ward_handler)
    _redate(on_time, created=MONDAY, events=[("resolve", _at(1, 10))], resolved_at=_at(1, 10))
    report_rate(report=on_time, user=citizen, rating=4)

    late = _fix(file_report(), ward_handler)
    reports_close_confirmed(now=timezone.now() + timedelta(days=30))
    _redate(late, created=MONDAY, events=[("resolve", _at(7, 9))], resolved_at=_at(7, 9))
    report_rate(report=late, user=citizen, rating=2)

    file_report()  # still open
    _redate(Report.objects.order_by("-pk").first(), created=MONDAY)

    reopened = _fix(file_report(), ward_handler)
    report_reopen(report=reopened, user=citizen, reason="Vẫn tắt")
    reopened = report_resolve(
        report=reopened, by=ward_handler, response="Đã sửa lại.", after_photos=[photo()]
    )
    # Waited Wednesday 10:00 → Monday 10:00 (24 working hours): due Thursday 17:00 moves to
    # the next Tuesday 17:00; fixed Tuesday 9:00.
    _redate(
        reopened,
        created=MONDAY,
        events=[("resolve", _at(2, 10)), ("reopen", _at(7, 10)), ("resolve", _at(8, 9))],
        resolved_at=_at(8, 9),
    )

    neighbour = _other_citizen(django_user_model)
    elsewhere = file_report(user=neighbour, lat=ELSEWHERE[0], lng=ELSEWHERE[1])
    assert elsewhere.case.agency.code != "TN.P.TANNINH"
    Case.objects.filter(pk=elsewhere.case_id).update(
        state="closed_fixed", closed_at=_at(10, 9), rating=5
    )
    _redate(elsewhere, created=MONDAY, resolved_at=_at(1, 8))
    rejected = file_report(user=neighbour, lat=ELSEWHERE[0], lng=ELSEWHERE[1])
    Case.objects.filter(pk=rejected.case_id).update(state="closed_invalid", closed_at=_at(1, 8))
    _redate(rejected, created=MONDAY)

    too_old = file_report(user=neighbour)
    _redate(too_old, created=MONDAY - timedelta(days=40))
    return {"tan_ninh": on_time.case.agency, "elsewhere": elsewhere.case.agency}


def test_statistics_per_agency_and_for_the_province(small_province):
    table = reports_stats_compute(days=30, now=NOW)
    rows = {row.code: row for row in table.rows}
    assert set(rows) == {"TN.P.TANNINH", small_province["elsewhere"].code}
    tan_ninh = rows["TN.P.TANNINH"]
    assert (tan_ninh.received, tan_ninh.fixed, tan_ninh.on_time) == (4, 3, 2)
    assert tan_ninh.on_time_share == 67 and tan_ninh.fixed_share == 75
    # 10 h, 41 h and 49 − 24 h of working time, in 8-hour days: the median is 25 h.
    assert sorted(tan_ninh.fix_days) == [1.25, 3.125, 5.125]
    assert tan_ninh.median_days == 3.1
    assert (tan_ninh.rating, tan_ninh.ratings) == (3.0, 2)
    other = rows[small_province["elsewhere"].code]
    assert (other.received, other.fixed, other.on_time, other.on_time_share) == (2, 1, 1, 100)
    assert (other.median_days, other.rating, other.ratings) == (1.0, 5.0, 1)
    total = table.total
    assert (total.received, total.fixed, total.on_time, total.on_time_share) == (6, 4, 3, 75)
    assert total.median_days == 2.2  # (1.25 + 3.125) / 2
    assert (total.rating, total.ratings) == (3.7, 3)
    assert table.lines[-1] is total and not table.truncated
    # The too old report counts in a longer period.
    assert reports_stats_compute(days=90, now=NOW).total.received == 7


def test_the_statistics_are_cached_for_five_minutes(file_report):
    file_report()
    first = reports_stats(days=30)
    file_report()
    assert reports_stats(days=30).total.received == first.total.received == 1
    from django.core.cache import cache

    cache.clear()
    assert reports_stats(days=30).total.received == 2
    assert reports_stats(days=7).total.received == 2
    with pytest.raises(ValueError, match="days must be one of"):
        reports_stats(days=5)


def test_the_statistics_page_is_a_plain_accessible_table(client, file_report, ward_handler):
    report = _fix(file_report(), ward_handler)
    report_rate(report=report, user=report.case.applicant, rating=5)
    page = client.get("/reports/stats", {"days": "7"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<caption" in html and html.count('scope="col"') == 6
    assert 'scope="row"><a href="/agencies/TN.P.TANNINH/">' in html
    assert 'class="total"' in html and 'aria-current="page"' in html
    assert client.get("/reports/stats", {"days": "bogus"}).status_code == 200


def test_no_reports_no_rows(client, demo_province):
    table = reports_stats_compute(days=7)
    assert table.rows == [] and table.lines == [] and table.total.on_time_share is None
    assert client.get("/reports/stats").status_code == 200


# --- following a ward --------------------------------------------------------------------------


def test_guests_are_asked_to_sign_in_before_following(client, demo_province):
    response = client.post("/reports/areas/follow", {"agency": "TN.P.TANNINH", "do": "follow"})
    assert response.status_code == 302 and "/signin/" in response["Location"]
    assert not AreaFollow.objects.exists()
    html = client.get("/reports/", {"agency": "TN.P.TANNINH"}).content.decode()
    assert "/signin/?next=/reports/%3Fagency%3DTN.P.TANNINH" in html


def test_following_needs_the_csrf_token(citizen, demo_province):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(citizen)
    response = browser.post("/reports/areas/follow", {"agency": "TN.P.TANNINH", "do": "follow"})
    assert response.status_code == 403
    assert not AreaFollow.objects.exists()


def test_a_citizen_follows_a_ward_from_the_list_and_stops(client, citizen, demo_province):
    client.force_login(citizen)
    listing = client.get("/reports/", {"agency": "TN.P.TANNINH"}).content.decode()
    assert 'action="/reports/areas/follow"' in listing
    response = client.post(
        "/reports/areas/follow",
        {"agency": "TN.P.TANNINH", "do": "follow", "next": "/reports/?agency=TN.P.TANNINH"},
    )
    assert response.status_code == 302 and response["Location"] == "/reports/?agency=TN.P.TANNINH"
    assert AreaFollow.objects.filter(user=citizen, agency__code="TN.P.TANNINH").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Phường Tân Ninh" in page and 'value="unfollow"' in page
    assert 'role="status"' in page  # the confirmation
    # Twice is once; an outside "next" is not followed.
    response = client.post(
        "/reports/areas/follow",
        {"agency": "TN.P.TANNINH", "do": "follow", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/reports/"
    assert AreaFollow.objects.filter(user=citizen).count() == 1
    client.post("/reports/areas/follow", {"agency": "TN.P.TANNINH", "do": "unfollow"})
    assert not AreaFollow.objects.filter(user=citizen).exists()


def test_only_communes_and_wards_can_be_followed(client, citizen, demo_province):
    client.force_login(citizen)
    client.post("/reports/areas/follow", {"agency": "TN.SXD", "do": "follow"})
    client.post("/reports/areas/follow", {"agency": "TN", "do": "follow"})
    assert not AreaFollow.objects.exists()
    from openprovince.core.errors import AppError

    with pytest.raises(AppError) as err:
        area_follow(user=citizen, agency=demo_province["TN.SXD"], on=True)
    assert err.value.code == "reports.not_an_area"
    ward = demo_province["TN.P.TANNINH"]
    assert area_follow(user=citizen, agency=ward, on=True) is True
    assert area_follow(user=citizen, agency=ward, on=True) is False
    assert area_follow(user=citizen, agency=ward, on=False) is True
    assert area_follow(user=citizen, agency=ward, on=False) is False


def test_the_report_page_offers_to_follow_its_ward(client, file_report, citizen):
    report = file_report()
    guest = client.get(f"/reports/{report.case.public_id}/").content.decode()
    assert "/signin/?next=" in guest and "/reports/map?agency=TN.P.TANNINH" in guest
    client.force_login(citizen)
    html = client.get(f"/reports/{report.case.public_id}/").content.decode()
    assert 'action="/reports/areas/follow"' in html and 'value="TN.P.TANNINH"' in html
    assert 'name="do" value="follow"' in html
    area_follow(user=citizen, agency=report.case.agency, on=True)
    html = client.get(f"/reports/{report.case.public_id}/").content.decode()
    assert 'name="do" value="unfollow"' in html and "Ngừng theo dõi" in html


def test_followers_of_the_ward_hear_of_a_new_report_but_not_the_reporter(
    file_report, citizen, django_user_model, demo_province
):
    follower = _other_citizen(django_user_model, "theodoi", "+84912000777")
    follower.email = "theodoi@example.vn"
    follower.save()
    far = _other_citizen(django_user_model, "xaxoi", "+84912000888")
    area_follow(user=follower, agency=demo_province["TN.P.TANNINH"], on=True)
    area_follow(user=citizen, agency=demo_province["TN.P.TANNINH"], on=True)
    area_follow(user=far, agency=demo_province["TN.P.GODAU"], on=True)
    report = file_report()
    assert area_notify_new_report(report=report) == 1
    (note,) = InAppNotification.objects.filter(event="report.new_in_area")
    assert note.user == follower and note.link == f"/reports/{report.case.public_id}/"
    assert "Phường Tân Ninh" in note.title and report.case.code in note.body
    assert "Lê Thị Mai" not in note.title + note.body
    # Free channels only: no SMS for every new report in a ward.
    sent = set(
        OutboxMessage.objects.filter(event="report.new_in_area").values_list("channel", flat=True)
    )
    assert "sms" not in sent and "zns" not in sent
    hidden = file_report()
    Report.objects.filter(pk=hidden.pk).update(is_public=False)
    hidden.refresh_from_db()
    assert area_notify_new_report(report=hidden) == 0


def test_filing_a_report_queues_the_news_for_the_wards_followers(
    file_report, django_user_model, demo_province
):
    from openprovince.tasks import tasks_run_worker
    from openprovince.tasks.models import QueuedTask

    jobs = QueuedTask.objects.filter(name="reports.notify_area")
    quiet = file_report()  # nobody follows the ward yet: no job at all
    assert not jobs.exists()
    follower = _other_citizen(django_user_model, "theodoi", "+84912000777")
    area_follow(user=follower, agency=demo_province["TN.P.TANNINH"], on=True)
    report = file_report()
    assert jobs.get().kwargs == {"report_id": report.pk}
    assert not InAppNotification.objects.filter(event="report.new_in_area").exists()
    while tasks_run_worker(once=True):
        pass
    assert not jobs.exists()
    (note,) = InAppNotification.objects.filter(event="report.new_in_area")
    assert note.user == follower and report.case.code in note.body
    assert quiet.case.code not in note.body


def test_following_an_agency_that_is_gone_from_the_map_can_still_stop(citizen, demo_province):
    ward = demo_province["TN.P.TANNINH"]
    area_follow(user=citizen, agency=ward, on=True)
    Agency.objects.filter(pk=ward.pk).update(is_active=False)
    client = Client()
    client.force_login(citizen)
    client.post("/reports/areas/follow", {"agency": ward.code, "do": "unfollow"})
    assert not AreaFollow.objects.exists()


def test_a_huge_list_is_not_counted_to_the_end(client, file_report, monkeypatch):
    from openprovince.core import paging
    from openprovince.reports import selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
    monkeypatch.setattr(paging, "COUNT_CAP_PAGES", 2)
    for n in range(3):
        file_report(lat=TAN_NINH[0] + n * 0.01)
    page = client.get("/reports/").content.decode()
    assert "Trang 1/hơn 2" in page
