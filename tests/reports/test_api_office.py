"""The reports API for officials: what they read (identity only with consent), who may act,
the steps with versions, resolving with a response and after photos, merging, re-routing,
re-categorising and moderation; errors as JSON (400, 401, 403, 404, 409)."""

import pytest

from openprovince.accounts.models import ConsentPurpose, RoleAssignment
from openprovince.accounts.services.privacy import consent_give
from openprovince.agencies.models import Agency
from openprovince.cases.services.transitions import case_transition
from tests.conftest import api_error, bearer, sign_in_official
from tests.reports.conftest import photo

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _office(client, user):
    """Office endpoints take the office session (password and second factor), not tokens."""
    sign_in_official(client, user)
    return {}


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
    assert api_error(client.get(url), 401)["code"] == "accounts.office_session_required"
    # A token from an SMS code or Zalo is not enough to act for an agency.
    assert api_error(client.get(url, **bearer(ward_handler)), 401)
    client.force_login(ward_handler)  # password only, no second factor
    assert api_error(client.get(url), 401)
    client.force_login(citizen)
    assert api_error(client.get(url), 401)
    assert (
        api_error(client.get(url, **_office(client, elsewhere)), 404)["code"] == "reports.not_found"
    )
    unknown = "/api/v1/office/reports/6f1c3f5e-0000-4000-8000-000000000000"
    assert api_error(client.get(unknown), 404)


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

    assert api_error(refused, 403)["code"] == "cases.not_allowed"
    assert assigned.status_code == 200 and assigned.json()["state"] == "assigned"
    assert assigned.json()["version"] == version + 1
    assert api_error(stale, 409)["code"] == "cases.changed"
    assert api_error(wrong_state, 409)["code"] == "cases.wrong_state"
    assert api_error(resolve, 400)["code"] == "reports.use_resolve"
    assert api_error(unknown, 409)["code"] == "cases.wrong_state"
    assert "note" in api_error(no_note, 400)["fields"]


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

    assert "photos" in api_error(no_photo, 400)["fields"]
    assert "photos" in api_error(not_image, 400)["fields"]
    assert "photos" in api_error(too_many, 400)["fields"]
    assert "response" in api_error(no_response, 400)["fields"]
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

    assert "into" in api_error(unknown, 400)["fields"]
    assert api_error(via_step, 400)["code"] == "reports.use_merge"
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

    assert "agency" in api_error(unknown, 400)["fields"]
    assert "reason" in api_error(no_reason, 400)["fields"]
    assert response.status_code == 200 and response.json()["agency"]["code"] == "TN.P.GODAU"
    # Out of Tân Ninh's hands now.
    assert api_error(client.get(f"/api/v1/office/reports/{report.case.public_id}", **auth), 404)


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

    assert "category" in api_error(unknown, 400)["fields"]
    assert "reason" in api_error(missing, 400)["fields"]
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

    assert "hide_photo" in api_error(unknown_photo, 400)["fields"]
    assert response.status_code == 200 and response.json()["photos"][0]["hidden"] is True
    public = client.get(f"/api/v1/reports/{report.case.public_id}")
    assert public.json()["description"] is None and public.json()["photos"] == []
    assert "0901234567" not in public.content.decode()
    hide_all = client.post(
        url, {"reason": "Ảnh mặt người", "hide_report": True}, content_type=JSON, **auth
    )
    assert hide_all.json()["is_public"] is False
    assert api_error(client.get(f"/api/v1/reports/{report.case.public_id}"), 404)
