"""Filing a report: routing, location, photos, bad input, throttling, drafts and sign-in."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from openprovince.agencies.models import Agency
from openprovince.cases.models import Case
from openprovince.core.errors import AppError
from openprovince.reports.models import Report, ReportCategory, ReportDraft
from openprovince.reports.services.submission import ReportInput, report_check, report_submit
from tests.accounts.helpers import last_code
from tests.reports.conftest import TAN_NINH, photo, stored_files

pytestmark = pytest.mark.django_db


def _problems(**data):
    with pytest.raises(AppError) as err:
        report_check(ReportInput(**data))
    return err.value.fields


def test_a_report_goes_to_the_ward_at_the_point_with_the_category_deadline(file_report, light):
    report = file_report()
    assert report.case.agency.code == "TN.P.TANNINH" and report.case.kind == "report"
    assert report.photos.count() == 1 and report.status == "open"
    assert report.case.code.startswith("PA-")
    assert report.case.applicant.username == "dan"


def test_not_sure_goes_to_the_province_triage_desk(citizen, demo_province):
    other = ReportCategory.objects.get(code="other")
    report = report_submit(
        data=ReportInput(category=other, lat=TAN_NINH[0], lng=TAN_NINH[1]), user=citizen
    )
    assert report.case.agency.code == "TN"


def test_a_typed_address_and_a_chosen_ward_are_enough(citizen, light):
    report = report_submit(
        data=ReportInput(
            category=light, address="Hẻm 12, chợ Gò Dầu", ward=Agency.objects.get(code="TN.P.GODAU")
        ),
        user=citizen,
    )
    assert report.case.agency.code == "TN.P.GODAU" and report.lat is None


def test_an_empty_description_with_a_photo_is_fine(file_report):
    assert file_report(description="").description == ""


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({}, "location", "Hãy cho biết nơi xảy ra"),
        ({"lat": 21.03, "lng": 105.85}, "location", "nằm ngoài địa bàn tỉnh"),
        ({"lat": 200, "lng": 106}, "location", "Tọa độ không hợp lệ"),
        ({"lat": "abc", "lng": "106"}, "location", "Tọa độ không hợp lệ"),
        ({"lat": 11.5}, "location", "Tọa độ không hợp lệ"),
    ],
)
def test_bad_locations_get_a_clear_message(light, data, field, text):
    problems = _problems(category=light, **data)
    assert text in " ".join(problems[field])


def test_no_category_is_named(demo_province):
    assert "category" in _problems(category=None, lat=TAN_NINH[0], lng=TAN_NINH[1])


def test_bad_photos_are_refused_with_their_names(light):
    bomb = io.BytesIO()
    Image.new("L", (8000, 6000)).save(bomb, "PNG")  # 48 MP: over the photo limit
    photos = [
        SimpleUploadedFile("to.jpg", b"\xff\xd8" + b"0" * (25 * 1024 * 1024)),
        SimpleUploadedFile("not-an-image.pdf", b"%PDF-1.4 hello"),
        SimpleUploadedFile("bomb.png", bomb.getvalue()),
    ]
    problems = _problems(category=light, lat=TAN_NINH[0], lng=TAN_NINH[1], photos=photos)
    text = " ".join(problems["photos"])
    assert "to.jpg" in text and "not-an-image.pdf" in text and "bomb.png" in text
    assert "6 photos" not in text


def test_more_than_five_photos_is_refused(light):
    problems = _problems(
        category=light,
        lat=TAN_NINH[0],
        lng=TAN_NINH[1],
        photos=[photo(f"{n}.jpg") for n in range(6)],
    )
    assert "Tối đa 5 ảnh." in problems["photos"]


def test_required_extra_questions_are_checked(light):
    light.questions = [{"code": "pole", "label": "Số cột", "type": "number", "required": True}]
    light.save()
    problems = _problems(category=light, lat=TAN_NINH[0], lng=TAN_NINH[1], answers={"pole": "abc"})
    assert problems["q_pole"] == ["Vui lòng nhập một số."]


def test_a_flood_from_one_account_is_throttled(file_report, settings):
    settings.REPORTS_MAX_PER_USER_HOUR = 3
    for _ in range(3):
        file_report(photos=[])
    with pytest.raises(AppError) as err:
        file_report(photos=[])
    assert err.value.status == 429 and "nhiều phản ánh" in err.value.message
    assert Report.objects.count() == 3


def test_a_guest_fills_the_form_signs_in_and_sends(client, light):
    response = client.post(
        "/reports/new",
        {
            "category": "streetlight",
            "lat": TAN_NINH[0],
            "lng": TAN_NINH[1],
            "description": "Tối om",
            "photos": [photo()],
        },
    )
    assert response.status_code == 302 and "/reports/drafts/" in response["Location"]
    draft_url = response["Location"]
    assert client.get(draft_url)["Location"].startswith("/signin/?next=/reports/drafts/")
    client.post("/signin/", {"phone": "0987654321", "next": draft_url})
    client.post("/signin/code/", {"code": last_code("+84987654321")})
    page = client.get(draft_url)
    assert page.status_code == 200 and "Gửi phản ánh" in page.content.decode()
    sent = client.post(draft_url, {"send": "1"})
    report = Report.objects.get()
    assert sent["Location"] == f"/reports/{report.case.public_id}/"
    assert report.photos.count() == 1 and report.case.applicant.phone == "+84987654321"


def test_a_signed_in_citizen_sends_from_the_form_in_one_go(client, citizen, light):
    client.force_login(citizen)
    response = client.post(
        "/reports/new",
        {
            "category": "streetlight",
            "lat": TAN_NINH[0],
            "lng": TAN_NINH[1],
            "photos": [photo()],
            "idempotency_key": "report-key-001",
        },
    )
    again = client.post(
        "/reports/new",
        {
            "category": "streetlight",
            "lat": TAN_NINH[0],
            "lng": TAN_NINH[1],
            "photos": [photo()],
            "idempotency_key": "report-key-001",
        },
    )
    assert response.status_code == 302 and again["Location"] == response["Location"]
    assert Report.objects.count() == 1  # the replay created nothing


def test_the_form_shows_problems_not_a_500(client):
    response = client.post("/reports/new", {"category": "nope", "lat": "x", "lng": "y"})
    assert response.status_code == 400
    assert "Tọa độ không hợp lệ" in response.content.decode()


def test_me_too_instead_of_a_duplicate_and_the_drafts_photo_goes(
    client, file_report, neighbour, django_capture_on_commit_callbacks
):
    first = file_report()
    client.force_login(neighbour)
    before = stored_files()  # the first report's photo and thumbnail among them
    response = client.post(
        "/reports/new",
        {
            "category": "streetlight",
            "lat": TAN_NINH[0] + 0.0005,
            "lng": TAN_NINH[1],
            "photos": [photo()],
        },
    )
    draft_url = response["Location"]
    assert "/reports/drafts/" in draft_url  # similar report nearby: shown before sending
    page = client.get(draft_url).content.decode()
    assert first.case.title in page and "Tôi cũng gặp vấn đề này" in page
    assert len(stored_files() - before) == 2  # the draft's photo, kept while it is shown
    with django_capture_on_commit_callbacks(execute=True):
        client.post(draft_url, {"support": str(first.case.public_id)})
    first.refresh_from_db()
    assert first.supporters == 1 and Report.objects.count() == 1
    assert Case.objects.filter(kind="report").count() == 1
    assert not ReportDraft.objects.exists() and stored_files() == before


def test_a_flood_from_one_address_is_throttled_across_accounts(client, light, settings):
    from django.contrib.auth import get_user_model

    settings.REPORTS_MAX_PER_IP_HOUR = 2
    statuses = []
    for n in range(3):  # three people (or one with three accounts) behind one address
        client.force_login(get_user_model().objects.create_user(f"flood-{n}", password="x" * 12))
        response = client.post(
            "/reports/new",
            {
                "category": "streetlight",
                "lat": TAN_NINH[0] + n * 0.01,  # apart: no "similar report nearby" page
                "lng": TAN_NINH[1],
                "photos": [photo()],
            },
            REMOTE_ADDR="203.0.113.9",
        )
        statuses.append(response.status_code)
    assert statuses == [302, 302, 429]
    assert "Có nhiều phản ánh được gửi từ kết nối này" in response.content.decode()
    assert Report.objects.count() == 2


def test_behind_the_proxy_each_citizen_is_a_connection_of_their_own(client, light, settings):
    """Every request reaches the server from the TLS proxy; TRUSTED_PROXIES lets the limit
    count the addresses the proxy forwarded, not the proxy (which would block everyone)."""
    from django.contrib.auth import get_user_model

    from openprovince.core.models import AuditEvent

    settings.REPORTS_MAX_PER_IP_HOUR = 1
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    statuses = []
    for n, address in enumerate(["198.51.100.1", "198.51.100.2", "198.51.100.2"]):
        client.force_login(get_user_model().objects.create_user(f"proxied-{n}", password="x" * 12))
        response = client.post(
            "/reports/new",
            {
                "category": "streetlight",
                "lat": TAN_NINH[0] + n * 0.01,
                "lng": TAN_NINH[1],
                "photos": [photo()],
            },
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR=f"1.2.3.4, {address}",  # the first part is the client's own
        )
        statuses.append(response.status_code)
    assert statuses == [302, 302, 429]
    assert sorted(
        AuditEvent.objects.filter(action="report.submit").values_list("ip", flat=True)
    ) == [
        "198.51.100.1",
        "198.51.100.2",
    ]
