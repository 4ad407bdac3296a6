"""The reports API: public reads, filing from the app, the reporter's and officials' steps, and
clear JSON errors (400 with fields, 401, 403, 404, 409, 429) — never a 500."""

import io

import pytest
from PIL import Image

from openprovince.accounts.models import ConsentPurpose, RoleAssignment
from openprovince.accounts.services.privacy import consent_give
from openprovince.agencies.models import Agency
from openprovince.cases.models import Case
from openprovince.cases.services.transitions import case_transition
from openprovince.reports.models import Report, ReportFollow
from openprovince.reports.services.handling import report_moderate, report_resolve
from tests.conftest import bearer, sign_in_official
from tests.reports.conftest import TAN_NINH, photo

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _office(client, user):
    """Office endpoints take the office session (password and second factor), not tokens."""
    sign_in_official(client, user)
    return {}


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


def _error(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"} and body["message"]
    return body


@pytest.fixture
def neighbour(django_user_model):
    return django_user_model.objects.create_user("hangxom", password="x" * 12)


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
        body = _error(client.get(f"/api/v1/reports/{report_id}"), 404)
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
    assert "location" in _error(bad_point, 400)["fields"]
    unknown = client.get("/api/v1/reports/nearby", {"category": "nope", "lat": 11.5, "lng": 106})
    assert "category" in _error(unknown, 400)["fields"]
    not_a_number = client.get(
        "/api/v1/reports/nearby", {"category": "streetlight", "lat": "abc", "lng": 106}
    )
    assert "lat" in _error(not_a_number, 400)["fields"]


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
    assert _error(client.post("/api/v1/reports", _form()), 401)["code"]
    bad = client.post("/api/v1/reports", _form(), HTTP_AUTHORIZATION="Bearer not-a-token")
    assert _error(bad, 401)["code"] == "accounts.token_invalid"
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
    body = _error(client.post("/api/v1/reports", _form(**overrides), **bearer(citizen)), 400)
    assert body["code"] == "reports.invalid" and text in " ".join(body["fields"][field])
    assert not Report.objects.exists()


def test_given_a_non_image_or_too_many_photos_when_filing_then_400_on_photos(
    client, citizen, light
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("giay.pdf", b"%PDF-1.4 hello", content_type="application/pdf")
    not_image = client.post("/api/v1/reports", _form(photos=[pdf]), **bearer(citizen))
    assert "giay.pdf" in " ".join(_error(not_image, 400)["fields"]["photos"])
    six = [photo(f"anh{i}.jpg") for i in range(6)]
    too_many = client.post("/api/v1/reports", _form(photos=six), **bearer(citizen))
    assert "Tối đa 5 ảnh." in _error(too_many, 400)["fields"]["photos"]
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
    assert _error(nobody, 401) and "Idempotent-Replayed" not in nobody
    assert Report.objects.count() == 2


def test_given_many_reports_in_an_hour_when_filing_then_429(client, citizen, light, settings):
    settings.REPORTS_MAX_PER_USER_HOUR = 1
    assert client.post("/api/v1/reports", _form(), **bearer(citizen)).status_code == 201
    body = _error(client.post("/api/v1/reports", _form(), **bearer(citizen)), 429)
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
    assert _error(client.post(url), 401)
    unknown = "/api/v1/reports/6f1c3f5e-0000-4000-8000-000000000000/support"
    assert _error(client.post(unknown, **bearer(neighbour)), 404)


def test_given_a_neighbour_when_following_and_unfollowing_then_the_follow_changes(
    client, file_report, neighbour
):
    report = file_report()
    url = f"/api/v1/reports/{report.case.public_id}/follow"
    assert client.post(url, **bearer(neighbour)).json() == {"following": True}
    assert ReportFollow.objects.filter(report=report, user=neighbour).exists()
    assert client.delete(url, **bearer(neighbour)).json() == {"following": False}
    assert not ReportFollow.objects.filter(report=report, user=neighbour).exists()
    assert _error(client.delete(url), 401)


def test_given_a_fixed_report_when_the_reporter_reopens_then_back_in_progress(
    client, file_report, citizen, neighbour, ward_handler
):
    report = file_report()
    url = f"/api/v1/reports/{report.case.public_id}/reopen"
    too_early = client.post(url, {"reason": "Vẫn tắt"}, content_type=JSON, **bearer(citizen))
    assert _error(too_early, 400)["code"] == "reports.not_resolved"
    _fixed(report, ward_handler)

    stranger = client.post(url, {"reason": "Vẫn tắt"}, content_type=JSON, **bearer(neighbour))
    no_reason = client.post(url, {"reason": " "}, content_type=JSON, **bearer(citizen))
    response = client.post(url, {"reason": "Đèn vẫn tắt"}, content_type=JSON, **bearer(citizen))

    assert _error(stranger, 403)["code"] == "cases.not_allowed"
    assert "reason" in _error(no_reason, 400)["fields"]
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

    assert _error(stranger, 403)["code"] == "reports.not_allowed"
    assert "rating" in _error(too_many, 400)["fields"]
    assert "rating" in _error(not_a_number, 400)["fields"]
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
    assert _error(client.get("/api/v1/me/reports"), 401)


# --- Officials -------------------------------------------------------------------------------


def test_given_an_official_when_reading_then_everything_and_the_phone_only_with_consent(
    client, file_report, citizen, ward_handler
):
    report = file_report(description="Đèn tắt")
    url = f"/api/v1/office/reports/{report.case.public_id}"

    before = client.get(url, **_office(client, ward_handler)).json()
    consent_give(
        user=citizen,
        purpose=ConsentPurpose.objects.get(code="share-phone-with-handler", version=1),
    )
    after = client.get(url, **_office(client, ward_handler)).json()

    assert before["reporter"] == {"name": "Lê Thị Mai", "phone": None}
    assert after["reporter"] == {"name": "Lê Thị Mai", "phone": "0912 345 678"}
    assert before["version"] == report.case.version and before["channel"] == "web"
    assert {a["code"] for a in before["actions"]} >= {"assign", "triage", "reject"}
    assert before["timeline"][0]["note"] == "Đèn tắt" and before["timeline"][0]["actor"]
    assert before["photos"][0]["hidden"] is False
    assert "no-store" in client.get(url, **_office(client, ward_handler))["Cache-Control"]


def test_given_a_citizen_or_an_official_elsewhere_when_reading_office_then_401_or_404(
    client, file_report, citizen, ward_handler, django_user_model
):
    report = file_report()
    url = f"/api/v1/office/reports/{report.case.public_id}"
    elsewhere = django_user_model.objects.create_user("godau", password="x" * 12, is_staff=True)
    RoleAssignment.objects.create(
        user=elsewhere, agency=Agency.objects.get(code="TN.P.GODAU"), role="handler"
    )
    assert _error(client.get(url), 401)["code"] == "accounts.office_session_required"
    # A token from an SMS code or Zalo is not enough to act for an agency.
    assert _error(client.get(url, **bearer(ward_handler)), 401)
    client.force_login(ward_handler)  # password only, no second factor
    assert _error(client.get(url), 401)
    client.force_login(citizen)
    assert _error(client.get(url), 401)
    assert _error(client.get(url, **_office(client, elsewhere)), 404)["code"] == "reports.not_found"
    unknown = "/api/v1/office/reports/6f1c3f5e-0000-4000-8000-000000000000"
    assert _error(client.get(unknown), 404)


def test_given_a_handler_when_taking_steps_then_versions_states_and_roles_are_checked(
    client, file_report, ward_handler, django_user_model
):
    report = file_report()
    url = f"/api/v1/office/reports/{report.case.public_id}/transition"
    version = report.case.version
    viewer = django_user_model.objects.create_user("xem", password="x" * 12, is_staff=True)
    RoleAssignment.objects.create(
        user=viewer, agency=Agency.objects.get(code="TN.P.TANNINH"), role="viewer"
    )

    refused = client.post(
        url, {"action": "assign", "version": version}, content_type=JSON, **_office(client, viewer)
    )
    assigned = client.post(
        url,
        {"action": "assign", "version": version},
        content_type=JSON,
        **_office(client, ward_handler),
    )
    stale = client.post(
        url,
        {"action": "start", "version": version},
        content_type=JSON,
        **_office(client, ward_handler),
    )
    wrong_state = client.post(
        url, {"action": "assign"}, content_type=JSON, **_office(client, ward_handler)
    )
    resolve = client.post(
        url, {"action": "resolve"}, content_type=JSON, **_office(client, ward_handler)
    )
    unknown = client.post(
        url, {"action": "fly"}, content_type=JSON, **_office(client, ward_handler)
    )
    no_note = client.post(
        url, {"action": "forward"}, content_type=JSON, **_office(client, ward_handler)
    )

    assert _error(refused, 403)["code"] == "cases.not_allowed"
    assert assigned.status_code == 200 and assigned.json()["state"] == "assigned"
    assert assigned.json()["version"] == version + 1
    assert _error(stale, 409)["code"] == "cases.changed"
    assert _error(wrong_state, 409)["code"] == "cases.wrong_state"
    assert _error(resolve, 400)["code"] == "reports.use_resolve"
    assert _error(unknown, 409)["code"] == "cases.wrong_state"
    assert "note" in _error(no_note, 400)["fields"]


def test_given_work_done_when_resolving_then_a_response_and_after_photos_are_required(
    client, file_report, ward_handler
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    report = file_report()
    case_transition(case_id=report.case_id, action="assign", actor=ward_handler)
    case_transition(case_id=report.case_id, action="start", actor=ward_handler)
    url = f"/api/v1/office/reports/{report.case.public_id}/resolve"
    pdf = SimpleUploadedFile("giay.pdf", b"%PDF-1.4 hello", content_type="application/pdf")
    six = [photo(f"sau{i}.jpg") for i in range(6)]

    no_photo = client.post(url, {"response": "Xong"}, **_office(client, ward_handler))
    not_image = client.post(
        url, {"response": "Xong", "photos": [pdf]}, **_office(client, ward_handler)
    )
    too_many = client.post(
        url, {"response": "Xong", "photos": six}, **_office(client, ward_handler)
    )
    no_response = client.post(url, {"photos": [photo()]}, **_office(client, ward_handler))
    response = client.post(
        url,
        {"response": "Đã thay bóng.", "photos": [photo("sau.jpg")], "version": 3},
        **_office(client, ward_handler),
    )

    assert "photos" in _error(no_photo, 400)["fields"]
    assert "photos" in _error(not_image, 400)["fields"]
    assert "photos" in _error(too_many, 400)["fields"]
    assert "response" in _error(no_response, 400)["fields"]
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "resolved" and len(response.json()["after_photos"]) == 1


def test_given_a_duplicate_when_merging_then_it_closes_into_the_original(
    client, file_report, ward_handler, neighbour
):
    original = file_report()
    duplicate = file_report(user=neighbour)
    url = f"/api/v1/office/reports/{duplicate.case.public_id}/merge"

    unknown = client.post(url, {"into": "abc"}, content_type=JSON, **_office(client, ward_handler))
    via_step = client.post(
        f"/api/v1/office/reports/{duplicate.case.public_id}/transition",
        {"action": "mark_duplicate", "note": "Trùng"},
        content_type=JSON,
        **_office(client, ward_handler),
    )
    response = client.post(
        url,
        {"into": str(original.case.public_id)},
        content_type=JSON,
        **_office(client, ward_handler),
    )

    assert "into" in _error(unknown, 400)["fields"]
    assert _error(via_step, 400)["code"] == "reports.use_merge"
    assert response.status_code == 200 and response.json()["id"] == str(original.case.public_id)
    assert response.json()["supporters"] == 1
    duplicate.refresh_from_db()
    assert duplicate.case.state == "closed_duplicate" and duplicate.duplicate_of == original
    public = client.get(f"/api/v1/reports/{duplicate.case.public_id}").json()
    assert public["duplicate_of"] == str(original.case.public_id)


def test_given_the_wrong_agency_when_rerouting_then_it_moves_with_a_reason(
    client, file_report, ward_handler
):
    report = file_report()
    url = f"/api/v1/office/reports/{report.case.public_id}/reroute"
    auth = _office(client, ward_handler)

    unknown = client.post(url, {"agency": "NOPE", "reason": "x"}, content_type=JSON, **auth)
    no_reason = client.post(url, {"agency": "TN.P.GODAU", "reason": " "}, content_type=JSON, **auth)
    response = client.post(
        url, {"agency": "TN.P.GODAU", "reason": "Thuộc Gò Dầu"}, content_type=JSON, **auth
    )

    assert "agency" in _error(unknown, 400)["fields"]
    assert "reason" in _error(no_reason, 400)["fields"]
    assert response.status_code == 200 and response.json()["agency"]["code"] == "TN.P.GODAU"
    # Out of Tân Ninh's hands now.
    assert _error(client.get(f"/api/v1/office/reports/{report.case.public_id}", **auth), 404)


def test_given_the_wrong_category_when_recategorising_then_changed_with_a_reason(
    client, file_report, ward_handler
):
    report = file_report()
    url = f"/api/v1/office/reports/{report.case.public_id}/recategorise"
    auth = _office(client, ward_handler)

    unknown = client.post(url, {"category": "nope", "reason": "x"}, content_type=JSON, **auth)
    missing = client.post(url, {"category": "road"}, content_type=JSON, **auth)
    response = client.post(
        url, {"category": "road", "reason": "Ổ gà, không phải đèn"}, content_type=JSON, **auth
    )

    assert "category" in _error(unknown, 400)["fields"]
    assert "reason" in _error(missing, 400)["fields"]
    assert response.json()["category"]["code"] == "road"


def test_given_personal_data_when_moderating_then_hidden_from_the_public_api(
    client, file_report, ward_handler
):
    report = file_report(description="Nhà ông Nguyễn Văn B số 0901234567")
    before = report.photos.get()
    url = f"/api/v1/office/reports/{report.case.public_id}/moderate"
    auth = _office(client, ward_handler)

    unknown_photo = client.post(
        url, {"reason": "x", "hide_photo": "abc"}, content_type=JSON, **auth
    )
    response = client.post(
        url,
        {
            "reason": "Có số điện thoại và mặt người",
            "hide_description": True,
            "hide_photo": str(before.public_id),
        },
        content_type=JSON,
        **auth,
    )

    assert "hide_photo" in _error(unknown_photo, 400)["fields"]
    assert response.status_code == 200 and response.json()["photos"][0]["hidden"] is True
    public = client.get(f"/api/v1/reports/{report.case.public_id}")
    assert public.json()["description"] is None and public.json()["photos"] == []
    assert "0901234567" not in public.content.decode()
    hide_all = client.post(
        url, {"reason": "Ảnh mặt người", "hide_report": True}, content_type=JSON, **auth
    )
    assert hide_all.json()["is_public"] is False
    assert _error(client.get(f"/api/v1/reports/{report.case.public_id}"), 404)


def test_given_a_large_image_when_filing_then_a_clear_400_not_a_500(client, citizen, light):
    from django.core.files.uploadedfile import SimpleUploadedFile

    out = io.BytesIO()
    Image.new("L", (8000, 6000)).save(out, "PNG")  # 48 MP: over the photo limit
    big = SimpleUploadedFile("to.png", out.getvalue(), content_type="image/png")
    response = client.post("/api/v1/reports", _form(photos=[big]), **bearer(citizen))
    assert "photos" in _error(response, 400)["fields"]
