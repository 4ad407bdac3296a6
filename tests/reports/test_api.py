"""The reports API for everyone: public reads, filing from the app, the reporter's and
neighbours' steps, and clear JSON errors (400 with fields, 401, 404, 409, 429), never a 500.
(Officials' steps: test_api_office.py.)"""

import io

import pytest
from PIL import Image

from openprovince.cases.models import Case
from openprovince.cases.services.transitions import case_transition
from openprovince.reports.models import Report, ReportFollow
from openprovince.reports.services.handling import report_moderate, report_resolve
from tests.conftest import api_error, bearer
from tests.reports.conftest import TAN_NINH, photo

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _form(**overrides):
    data = {
        "category": "streetlight",
        "lat": str(TAN_NINH[0]),
        "lng": str(TAN_NINH[1]),
        "description": "Đèn tắt ba đêm",
        "q_pole": "TN-0123",
        "photos": [photo()],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _fixed(report, handler):
    case_transition(case_id=report.case_id, action="assign", actor=handler)
    case_transition(case_id=report.case_id, action="start", actor=handler)
    return report_resolve(
        report=report, by=handler, response="Đã thay bóng đèn.", after_photos=[photo("sau.jpg")]
    )


# --- Public ----------------------------------------------------------------------------------


def test_given_the_categories_when_listing_them_then_codes_names_icons_and_questions(client, light):
    response = client.get("/api/v1/report-categories")
    assert response.status_code == 200
    light_out = next(c for c in response.json() if c["code"] == "streetlight")
    assert light_out["name"] == "Đèn đường hỏng" and light_out["name_en"] == "Street light out"
    assert light_out["icon"] == "light" and light_out["questions"][0]["code"] == "pole"


def test_given_reports_when_listing_then_public_fields_only_and_moderation_holds(
    client, file_report, ward_handler, neighbour
):
    shown = file_report()
    moderated = file_report(user=neighbour, description="Nhà ông B số 0901234567")
    report_moderate(
        report=moderated, by=ward_handler, reason="Số điện thoại", hide_description=True
    )
    hidden = file_report()
    report_moderate(report=hidden, by=ward_handler, reason="Ảnh mặt người", hide_report=True)

    response = client.get("/api/v1/reports")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and body["page"] == 1 and body["pages"] == 1
    items = {item["id"]: item for item in body["items"]}
    assert set(items) == {str(shown.case.public_id), str(moderated.case.public_id)}
    item = items[str(shown.case.public_id)]
    assert item["code"] == shown.case.code and item["status"] == "open"
    assert item["state"] == "received" and item["state_name"] == "Đã tiếp nhận"
    assert item["agency"] == {"code": "TN.P.TANNINH", "name": shown.case.agency.name}
    assert item["category"]["code"] == "streetlight" and item["supporters"] == 0
    assert item["lat"] == TAN_NINH[0] and item["description"] == "Đèn tắt ba đêm"
    before = shown.photos.get()
    assert item["photos"] == [
        {
            "id": str(before.public_id),
            "url": f"/reports/photos/{before.public_id}",
            "thumbnail": f"/reports/photos/{before.public_id}?thumb=1",
        }
    ]
    assert items[str(moderated.case.public_id)]["description"] is None
    text = response.content.decode()
    assert "0901234567" not in text and "+84912345678" not in text and "Lê Thị Mai" not in text


def test_given_filters_when_listing_then_category_status_agency_and_twenty_a_page(
    client, file_report, ward_handler, settings, django_assert_max_num_queries
):
    settings.REPORTS_MAX_PER_USER_HOUR = 100
    reports = [file_report(photos=[]) for _ in range(21)]
    case_transition(
        case_id=reports[0].case_id, action="reject", actor=ward_handler, note="Không đúng"
    )

    first = client.get("/api/v1/reports").json()
    second = client.get("/api/v1/reports", {"page": 2}).json()
    closed = client.get("/api/v1/reports", {"status": "closed"}).json()
    other_ward = client.get("/api/v1/reports", {"agency": "TN.P.GODAU"}).json()
    other_category = client.get("/api/v1/reports", {"category": "road"}).json()

    assert first["count"] == 21 and len(first["items"]) == 20 and first["pages"] == 2
    assert len(second["items"]) == 1
    assert [i["id"] for i in closed["items"]] == [str(reports[0].case.public_id)]
    with django_assert_max_num_queries(6):  # not one query per report
        assert len(client.get("/api/v1/reports").json()["items"]) == 20
    assert other_ward["count"] == 0 and other_category["count"] == 0
    assert client.get("/api/v1/reports", {"page": "x"}).status_code == 400


def test_given_a_report_when_reading_it_then_the_public_timeline_and_both_photo_kinds(
    client, file_report, ward_handler
):
    report = _fixed(file_report(), ward_handler)

    response = client.get(f"/api/v1/reports/{report.case.public_id}")

    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "resolved" and body["reporter_name"] is None
    assert len(body["photos"]) == 1 and len(body["after_photos"]) == 1
    steps = [(t["step"], t["state"]) for t in body["timeline"]]
    assert steps == [
        ("open", "received"),
        ("assign", "assigned"),
        ("start", "in_progress"),
        ("resolve", "resolved"),
    ]
    resolved = body["timeline"][-1]
    assert resolved["step_name"] == "Đã khắc phục" and resolved["note"] == "Đã thay bóng đèn."
    assert resolved["state_name"] == "Đã xử lý, chờ xác nhận" and resolved["at"]
    assert body["timeline"][0]["note"] == ""  # the description is shown on its own
    assert "actor" not in resolved and "+84912345678" not in response.content.decode()


def test_given_a_reporter_who_chose_to_be_named_when_reading_then_the_name_shows(
    client, file_report
):
    report = file_report(show_name=True)
    body = client.get(f"/api/v1/reports/{report.case.public_id}").json()
    assert body["reporter_name"] == "Lê Thị Mai"


def test_given_unknown_or_hidden_ids_when_reading_then_404(client, file_report, ward_handler):
    hidden = file_report()
    report_moderate(report=hidden, by=ward_handler, reason="Ảnh mặt người", hide_report=True)
    for report_id in (hidden.case.public_id, "6f1c3f5e-0000-4000-8000-000000000000", "abc"):
        body = api_error(client.get(f"/api/v1/reports/{report_id}"), 404)
        assert body["code"] == "reports.not_found"


def test_given_an_open_report_when_asking_nearby_then_it_comes_with_its_distance(
    client, file_report
):
    report = file_report()
    response = client.get(
        "/api/v1/reports/nearby",
        {"category": "streetlight", "lat": TAN_NINH[0] + 0.0005, "lng": TAN_NINH[1]},
    )
    assert response.status_code == 200
    [found] = response.json()
    assert found["id"] == str(report.case.public_id) and 50 <= found["distance_m"] <= 60
    assert len(found["photos"]) == 1
    far = client.get(
        "/api/v1/reports/nearby", {"category": "streetlight", "lat": 11.6, "lng": TAN_NINH[1]}
    )
    assert far.json() == []


def test_given_bad_input_when_asking_nearby_then_400_with_fields(client, light):
    bad_point = client.get(
        "/api/v1/reports/nearby", {"category": "streetlight", "lat": 200, "lng": 106}
    )
    assert "location" in api_error(bad_point, 400)["fields"]
    unknown = client.get("/api/v1/reports/nearby", {"category": "nope", "lat": 11.5, "lng": 106})
    assert "category" in api_error(unknown, 400)["fields"]
    not_a_number = client.get(
        "/api/v1/reports/nearby", {"category": "streetlight", "lat": "abc", "lng": 106}
    )
    assert "lat" in api_error(not_a_number, 400)["fields"]


# --- Filing ----------------------------------------------------------------------------------


def test_given_a_signed_in_app_when_filing_then_201_with_the_report_and_the_zalo_channel(
    client, citizen, light
):
    response = client.post(
        "/api/v1/reports", _form(), HTTP_X_CLIENT="zalo-mini-app", **bearer(citizen)
    )

    assert response.status_code == 201, response.content
    body = response.json()
    report = Report.objects.select_related("case").get()
    assert body["id"] == str(report.case.public_id) and body["code"] == report.case.code
    assert body["agency"]["code"] == "TN.P.TANNINH" and body["is_public"] is True
    assert len(body["photos"]) == 1 and body["description"] == "Đèn tắt ba đêm"
    assert report.case.channel == Case.Channel.ZALO and report.case.applicant == citizen
    assert report.answers == {"pole": "TN-0123"}


def test_given_another_client_when_filing_by_address_then_the_api_channel(client, citizen, light):
    form = _form(lat=None, lng=None, address="Hẻm 12, chợ Gò Dầu", ward="TN.P.GODAU", photos=None)
    response = client.post("/api/v1/reports", form, **bearer(citizen))
    assert response.status_code == 201, response.content
    report = Report.objects.select_related("case__agency").get()
    assert report.case.channel == Case.Channel.API and report.case.agency.code == "TN.P.GODAU"


def test_given_no_or_a_bad_token_when_filing_then_401_in_the_error_shape(client, citizen, light):
    assert api_error(client.post("/api/v1/reports", _form()), 401)["code"]
    bad = client.post("/api/v1/reports", _form(), HTTP_AUTHORIZATION="Bearer not-a-token")
    assert api_error(bad, 401)["code"] == "accounts.token_invalid"
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"lat": None, "lng": None}, "location", "Hãy cho biết nơi xảy ra"),
        ({"lat": "21.03", "lng": "105.85"}, "location", "nằm ngoài địa bàn tỉnh"),
        ({"lat": "200", "lng": "106"}, "location", "Tọa độ không hợp lệ"),
        ({"lat": "abc"}, "location", "Tọa độ không hợp lệ"),
        ({"category": "nope"}, "category", "Hãy chọn loại sự việc"),
    ],
)
def test_given_bad_places_when_filing_then_400_with_the_field(
    client, citizen, light, overrides, field, text
):
    body = api_error(client.post("/api/v1/reports", _form(**overrides), **bearer(citizen)), 400)
    assert body["code"] == "reports.invalid" and text in " ".join(body["fields"][field])
    assert not Report.objects.exists()


def test_given_a_non_image_or_too_many_photos_when_filing_then_400_on_photos(
    client, citizen, light
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("giay.pdf", b"%PDF-1.4 hello", content_type="application/pdf")
    not_image = client.post("/api/v1/reports", _form(photos=[pdf]), **bearer(citizen))
    assert "giay.pdf" in " ".join(api_error(not_image, 400)["fields"]["photos"])
    six = [photo(f"anh{i}.jpg") for i in range(6)]
    too_many = client.post("/api/v1/reports", _form(photos=six), **bearer(citizen))
    assert "Tối đa 5 ảnh." in api_error(too_many, 400)["fields"]["photos"]
    assert not Report.objects.exists()


def test_given_an_idempotency_key_when_the_app_retries_then_one_report(client, citizen, light):
    headers = {"HTTP_IDEMPOTENCY_KEY": "zalo-report-000001", **bearer(citizen)}
    first = client.post("/api/v1/reports", _form(), **headers)
    again = client.post("/api/v1/reports", _form(), **headers)
    assert first.status_code == again.status_code == 201
    assert again.content == first.content and again["Idempotent-Replayed"] == "true"
    assert Report.objects.count() == 1


def test_given_another_caller_with_the_same_key_when_filing_then_no_replay(
    client, citizen, light, neighbour
):
    key = {"HTTP_IDEMPOTENCY_KEY": "zalo-report-000002"}
    first = client.post("/api/v1/reports", _form(), **key, **bearer(citizen))
    stranger = client.post("/api/v1/reports", _form(), **key, **bearer(neighbour))
    nobody = client.post("/api/v1/reports", _form(), **key)
    assert first.status_code == stranger.status_code == 201
    assert "Idempotent-Replayed" not in stranger and stranger.json()["id"] != first.json()["id"]
    assert api_error(nobody, 401) and "Idempotent-Replayed" not in nobody
    assert Report.objects.count() == 2


def test_given_many_reports_in_an_hour_when_filing_then_429(client, citizen, light, settings):
    settings.REPORTS_MAX_PER_USER_HOUR = 1
    assert client.post("/api/v1/reports", _form(), **bearer(citizen)).status_code == 201
    body = api_error(client.post("/api/v1/reports", _form(), **bearer(citizen)), 429)
    assert body["code"] == "reports.too_many" and Report.objects.count() == 1


# --- The reporter and neighbours ---------------------------------------------------------------


def test_given_a_neighbour_when_saying_me_too_then_counted_once_and_following(
    client, file_report, citizen, neighbour
):
    report = file_report()
    url = f"/api/v1/reports/{report.case.public_id}/support"

    first = client.post(url, **bearer(neighbour))
    again = client.post(url, **bearer(neighbour))
    own = client.post(url, **bearer(citizen))

    assert first.json() == {"added": True, "supporters": 1}
    assert again.json() == {"added": False, "supporters": 1}
    assert own.json() == {"added": False, "supporters": 1}  # the reporter counts already
    assert ReportFollow.objects.filter(report=report, user=neighbour, supports=True).exists()
    assert api_error(client.post(url), 401)
    unknown = "/api/v1/reports/6f1c3f5e-0000-4000-8000-000000000000/support"
    assert api_error(client.post(unknown, **bearer(neighbour)), 404)


def test_given_a_neighbour_when_following_and_unfollowing_then_the_follow_changes(
    client, file_report, neighbour
):
    report = file_report()
    url = f"/api/v1/reports/{report.case.public_id}/follow"
    assert client.post(url, **bearer(neighbour)).json() == {"following": True}
    assert ReportFollow.objects.filter(report=report, user=neighbour).exists()
    assert client.delete(url, **bearer(neighbour)).json() == {"following": False}
    assert not ReportFollow.objects.filter(report=report, user=neighbour).exists()
    assert api_error(client.delete(url), 401)


def test_given_a_fixed_report_when_the_reporter_reopens_then_back_in_progress(
    client, file_report, citizen, neighbour, ward_handler
):
    report = file_report()
    url = f"/api/v1/reports/{report.case.public_id}/reopen"
    too_early = client.post(url, {"reason": "Vẫn tắt"}, content_type=JSON, **bearer(citizen))
    assert api_error(too_early, 400)["code"] == "reports.not_resolved"
    _fixed(report, ward_handler)

    stranger = client.post(url, {"reason": "Vẫn tắt"}, content_type=JSON, **bearer(neighbour))
    no_reason = client.post(url, {"reason": " "}, content_type=JSON, **bearer(citizen))
    response = client.post(url, {"reason": "Đèn vẫn tắt"}, content_type=JSON, **bearer(citizen))

    assert api_error(stranger, 403)["code"] == "cases.not_allowed"
    assert "reason" in api_error(no_reason, 400)["fields"]
    assert response.status_code == 200 and response.json()["state"] == "in_progress"


def test_given_a_fixed_report_when_rating_then_only_the_reporter_with_one_to_five_stars(
    client, file_report, citizen, neighbour, ward_handler
):
    report = _fixed(file_report(), ward_handler)
    url = f"/api/v1/reports/{report.case.public_id}/rate"

    stranger = client.post(url, {"rating": 1}, content_type=JSON, **bearer(neighbour))
    too_many = client.post(url, {"rating": 9}, content_type=JSON, **bearer(citizen))
    not_a_number = client.post(url, {"rating": "x"}, content_type=JSON, **bearer(citizen))
    response = client.post(
        url, {"rating": 4, "comment": "Nhanh"}, content_type=JSON, **bearer(citizen)
    )

    assert api_error(stranger, 403)["code"] == "reports.not_allowed"
    assert "rating" in api_error(too_many, 400)["fields"]
    assert "rating" in api_error(not_a_number, 400)["fields"]
    assert response.json()["rating"] == 4 and response.json()["rating_comment"] == "Nhanh"


def test_given_my_reports_when_listing_then_mine_only_even_hidden_ones(
    client, file_report, citizen, neighbour, ward_handler
):
    mine = file_report(description="Số nhà tôi 0901234567")
    report_moderate(report=mine, by=ward_handler, reason="Số điện thoại", hide_description=True)
    file_report(user=neighbour)

    response = client.get("/api/v1/me/reports", **bearer(citizen))
    body = response.json()

    assert body["count"] == 1 and body["items"][0]["id"] == str(mine.case.public_id)
    assert "no-store" in response["Cache-Control"]
    assert body["items"][0]["description"] == "Số nhà tôi 0901234567"  # their own words
    assert body["items"][0]["is_public"] is True and body["items"][0]["rating"] is None
    assert api_error(client.get("/api/v1/me/reports"), 401)


def test_given_a_large_image_when_filing_then_a_clear_400_not_a_500(client, citizen, light):
    from django.core.files.uploadedfile import SimpleUploadedFile

    out = io.BytesIO()
    Image.new("L", (8000, 6000)).save(out, "PNG")  # 48 MP: over the photo limit
    big = SimpleUploadedFile("to.png", out.getvalue(), content_type="image/png")
    response = client.post("/api/v1/reports", _form(photos=[big]), **bearer(citizen))
    assert "photos" in api_error(response, 400)["fields"]
