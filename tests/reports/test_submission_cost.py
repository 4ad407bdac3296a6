"""What keeps a submission cheap stays correct: the per-process copies of categories and
boundaries follow every change, the hand-written reads agree with the ORM ones, and one
submission through the form stays within its statement budget."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from openprovince.agencies.selectors import agency_containing_point
from openprovince.demo.province import COLS, EAST, NORTH, ROWS, SOUTH, WEST, vertex
from openprovince.reports import lookups
from openprovince.reports.admin import ReportCategoryAdmin
from openprovince.reports.models import Report, ReportCategory
from openprovince.reports.services.duplicates import reports_nearby, reports_nearby_exist
from openprovince.tasks.models import QueuedTask
from tests.conftest import make_agency, square
from tests.reports.conftest import TAN_NINH, photo

pytestmark = pytest.mark.django_db


def _send(client, n=0, **extra):
    return client.post(
        "/reports/new",
        {
            "category": "streetlight",
            "lat": TAN_NINH[0] + n * 0.01,  # apart: no "similar report nearby" page
            "lng": TAN_NINH[1],
            "photos": [photo()],
            "idempotency_key": f"cost-key-{n}",
            **extra,
        },
    )


def test_given_a_signed_in_citizen_when_the_form_is_sent_then_17_statements_at_most(
    client, citizen, light
):
    client.force_login(citizen)
    assert _send(client, 0).status_code == 302  # copies built, sessions warm
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        response = _send(client, 1)
    assert response.status_code == 302 and "/drafts/" not in response["Location"]
    # session, user, idempotency key looked up, nearby, throttle+followers; the transaction
    # (here a savepoint and its release): case code, case, event, inbox, the person's
    # channels and consent (one statement), report, photo, follow, audit, the idempotent answer
    assert len(queries) <= 17, [q["sql"][:80] for q in queries]
    assert any("core_idempotencyrecord" in q["sql"] for q in queries)  # the key was used
    assert Report.objects.count() == 2


def test_given_a_category_changed_in_the_admin_when_the_form_is_sent_then_it_counts_at_once(
    client, citizen, light, admin_user
):
    client.force_login(citizen)
    assert lookups.category_active(code="streetlight") is not None  # the copy is built
    light.is_active = False
    request = RequestFactory().post("/admin/")
    request.user = admin_user
    ReportCategoryAdmin(ReportCategory, None).save_model(request, light, form=None, change=True)
    assert lookups.category_active(code="streetlight") is None
    response = _send(client, 0)
    assert response.status_code == 400 and not Report.objects.exists()


def test_given_a_change_nobody_announced_then_the_copy_is_rebuilt_after_its_ttl_or_a_clear(
    light, monkeypatch
):
    assert lookups.category_active(code="streetlight") is not None
    ReportCategory.objects.filter(code="streetlight").update(is_active=False)  # no bump
    assert lookups.category_active(code="streetlight") is not None  # still the copy
    cache.clear()
    assert lookups.category_active(code="streetlight") is None
    ReportCategory.objects.filter(code="streetlight").update(is_active=True)
    monkeypatch.setattr(lookups, "TTL", 0.0)
    assert lookups.category_active(code="streetlight") is not None


def test_given_copies_handed_out_when_changed_then_the_shared_copy_is_untouched(light):
    mine = lookups.category_active(code="streetlight")
    assert mine is not None
    mine.name = "Đã sửa"
    again = lookups.category_active(code="streetlight")
    assert again is not None and again.name == light.name and again is not mine


def test_routing_from_the_copy_agrees_with_the_agency_selector(demo_province):
    # A grid over the province and a little beyond, and every corner of the demo communes
    # (points on shared borders: the tie is decided by code, in both).
    points = [
        (SOUTH - 0.05 + i * (NORTH - SOUTH + 0.1) / 16, WEST - 0.05 + j * (EAST - WEST + 0.1) / 16)
        for i in range(17)
        for j in range(17)
    ]
    points += [(lat, lng) for row in range(ROWS + 1) for lng, lat in _corners(row)]
    inside = 0
    for lat, lng in points:
        for types in ((), ("ward", "commune"), ("ward",), ("department",)):
            found = lookups.agency_at(lat=lat, lng=lng, type_codes=types)
            expected = agency_containing_point(lat=lat, lng=lng, type_codes=types)
            assert (found and found.pk) == (expected and expected.pk), (lat, lng, types)
            inside += found is not None
    assert inside > 200  # the grid did hit the province


def _corners(row):
    return [vertex(row, col) for col in range(COLS + 1)]


def test_given_a_new_agency_when_routing_then_it_is_seen_at_once(demo_province):
    before = lookups.agency_at(lat=TAN_NINH[0], lng=TAN_NINH[1])
    assert before is not None and before.code == "TN.P.TANNINH"
    make_agency(
        "TN.P.TANNINH.KP1",
        parent=demo_province["TN.P.TANNINH"],
        boundary=square(TAN_NINH[1] - 0.001, TAN_NINH[0] - 0.001, 0.002),
    )
    after = lookups.agency_at(lat=TAN_NINH[0], lng=TAN_NINH[1])
    assert after is not None and after.code == "TN.P.TANNINH.KP1"


@pytest.mark.parametrize(
    ("d_lat", "code", "closed", "expected"),
    [
        (0.0, "streetlight", False, True),
        (0.0009, "streetlight", False, True),  # about 100 m: within the 200 m radius
        (0.01, "streetlight", False, False),  # about 1.1 km
        (0.0, "rubbish", False, False),
        (0.0, "streetlight", True, False),
    ],
)
def test_the_cheap_nearby_check_agrees_with_the_nearby_list(
    file_report, d_lat, code, closed, expected
):
    report = file_report(photos=[])
    if closed:
        Report.objects.filter(pk=report.pk).update(status="closed")
    category = ReportCategory.objects.get(code=code)
    lat, lng = TAN_NINH[0] + d_lat, TAN_NINH[1]
    assert reports_nearby_exist(category=category, lat=lat, lng=lng) is expected
    assert bool(reports_nearby(category=category, lat=lat, lng=lng)) is expected


def test_given_followers_of_the_ward_when_sent_from_the_form_then_their_news_is_queued(
    client, citizen, light, django_user_model, demo_province
):
    from openprovince.reports.services.areas import area_follow

    client.force_login(citizen)
    jobs = QueuedTask.objects.filter(name="reports.notify_area")
    assert _send(client, 0).status_code == 302 and not jobs.exists()
    follower = django_user_model.objects.create_user("theo", password="x" * 12)
    area_follow(user=follower, agency=demo_province["TN.P.TANNINH"], on=True)
    sent = _send(client, 0.5)  # 550 m north: a different street lamp
    assert sent.status_code == 302 and "/drafts/" not in sent["Location"]
    assert jobs.count() == 1


def test_given_the_throttle_when_over_the_limit_from_the_form_then_a_clear_429(
    client, citizen, light, settings
):
    settings.REPORTS_MAX_PER_USER_HOUR = 1
    client.force_login(citizen)
    assert _send(client, 0).status_code == 302
    response = _send(client, 1)
    assert response.status_code == 429 and "nhiều phản ánh" in response.content.decode()
    assert Report.objects.count() == 1
