"""The officials' Q&A API: the question with its asker and draft, the approval flow (handler →
pending, approver → published and the asker told), return, forward, merge, reject, answer
templates; office sessions only, scoped to the official's agencies (403/404); and the
OpenAPI schema, which lists every Q&A path."""

import pytest

from openprovince.accounts.models import ConsentPurpose, RoleAssignment
from openprovince.accounts.services.api_tokens import api_tokens_issue
from openprovince.accounts.services.privacy import consent_give
from openprovince.notifications.models import InAppNotification
from openprovince.questions.models import AnswerTemplate, Question, QuestionFollow
from openprovince.questions.services.answering import question_answer
from tests.conftest import api_error, sign_in_official

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _office(client, user):
    """Office endpoints take the office session (password and second factor), not tokens.
    Officials are staff (the roles service makes them so when it grants a role)."""
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    sign_in_official(client, user)
    return client


def _url(question, step=""):
    return f"/api/v1/office/questions/{question.case.public_id}" + (f"/{step}" if step else "")


def _post(client, question, step, data):
    return client.post(_url(question, step), data, content_type=JSON)


def _public(client, question):
    client.logout()
    return client.get(f"/api/v1/questions/{question.case.public_id}")


# --- Reading ---------------------------------------------------------------------------------


def test_given_a_question_when_its_agency_reads_it_then_the_asker_draft_actions_and_version(
    client, ask, asker, justice_handler
):
    question = question_answer(question=ask(is_public=False), by=justice_handler, text="Nháp")
    _office(client, justice_handler)

    before = client.get(_url(question))
    consent_give(
        user=asker, purpose=ConsentPurpose.objects.get(code="share-phone-with-handler", version=1)
    )
    after = client.get(_url(question)).json()

    assert before.status_code == 200, before.content
    body = before.json()
    assert body["asker"] == {"name": "Trần Văn Hỏi", "phone": None}
    assert after["asker"] == {"name": "Trần Văn Hỏi", "phone": "0912 345 678"}
    assert body["answer"] == "Nháp" and body["answer_by"] == "Tuphap"
    assert body["state"] == "pending_approval" and body["published"] is False
    assert body["version"] == Question.objects.get().case.version and body["is_public"] is False
    assert body["agency"]["code"] == "TN.STP" and body["topic"]["code"] == "ho-tich"
    assert body["due_at"] and body["closed_at"] is None and body["channel"] == "web"
    assert {a["code"] for a in body["actions"]} == {"merge", "forward"}  # approval is not theirs
    steps = [(t["step"], t["public"]) for t in body["timeline"]]
    assert steps == [("open", True), ("submit_answer", False)]
    assert body["timeline"][-1]["actor"] == "Tuphap"
    assert "no-store" in before["Cache-Control"]


def test_given_an_approver_when_reading_then_publishing_steps_are_offered(
    client, ask, justice_approver, justice_handler
):
    question = ask()
    _office(client, justice_approver)
    actions = {a["code"]: a for a in client.get(_url(question)).json()["actions"]}
    assert set(actions) == {"answer", "merge", "reject", "forward"}
    assert actions["answer"]["name"] == "Trả lời" and actions["reject"]["note_required"] is True
    pending = question_answer(question=ask(), by=justice_handler, text="Nháp")
    actions = {a["code"] for a in client.get(_url(pending)).json()["actions"]}
    assert {"approve", "return"} <= actions and "answer" not in actions


def test_given_other_people_when_reading_then_401_403_or_404(
    client, ask, asker, health_handler, justice_handler, django_user_model
):
    question = ask(is_public=False)
    assert api_error(client.get(_url(question)), 401)["code"] == "accounts.office_session_required"
    token = api_tokens_issue(user=justice_handler).access_token
    bearer = client.get(_url(question), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api_error(bearer, 401)["code"] == "accounts.office_session_required"
    client.force_login(asker)  # a citizen's own session is not an office session
    assert api_error(client.get(_url(question)), 401)
    staff = django_user_model.objects.create_user("staff", password="x" * 12, is_staff=True)
    _office(client, staff)
    assert api_error(client.get(_url(question)), 403)["code"] == "questions.not_allowed"
    _office(client, health_handler)
    other_agency = client.get(_url(question))
    assert api_error(other_agency, 404)["code"] == "questions.not_found"
    assert "Trần Văn Hỏi" not in other_agency.content.decode()
    assert api_error(client.get("/api/v1/office/questions/abc"), 404)
    assert api_error(_post(client, question, "answer", {"answer": "Trả lời"}), 404)


# --- Answering and approval ------------------------------------------------------------------


def test_given_a_handler_answer_when_the_approver_approves_then_published_and_the_asker_told(
    client, ask, asker, justice_handler, justice_approver
):
    question = ask()
    _office(client, justice_handler)
    version = client.get(_url(question)).json()["version"]

    pending = _post(
        client, question, "answer", {"answer": "Ông/bà cần mang CCCD.", "version": version}
    )

    assert pending.status_code == 200, pending.content
    assert pending.json()["state"] == "pending_approval" and pending.json()["published"] is False
    assert api_error(_public(client, question), 404)  # not published yet
    _office(client, justice_handler)
    refused = _post(client, question, "approve", {})
    assert api_error(refused, 403)["code"] == "cases.not_allowed"

    _office(client, justice_approver)
    approved = _post(client, question, "approve", {"version": pending.json()["version"]})

    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert body["state"] == "answered" and body["status"] == "answered" and body["published"]
    assert body["actions"] == []
    public = _public(client, question).json()
    assert public["answer"] == "Ông/bà cần mang CCCD." and public["status"] == "answered"
    listed = client.get("/api/v1/questions").json()["items"]
    assert [i["id"] for i in listed] == [str(question.case.public_id)]
    told = InAppNotification.objects.filter(user=asker)
    assert told.filter(title__contains="Đã trả lời").exists()


def test_given_an_approver_when_answering_then_published_at_once_with_procedures_and_links(
    client, ask, justice_approver
):
    from tests.dossiers.conftest import birth_registration

    procedure = birth_registration()
    question = ask()
    _office(client, justice_approver)
    data = {
        "answer": "Xem thủ tục và tin bài.",
        "procedures": [procedure.code],
        "links": [{"title": "Tin", "url": "/news/1"}, {"title": "Luật", "url": "https://x.vn/a"}],
    }

    response = _post(client, question, "answer", data)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "answered" and body["published"] is True
    assert [p["code"] for p in body["procedures"]] == [procedure.code]
    assert [link["url"] for link in body["links"]] == ["/news/1", "https://x.vn/a"]
    public = _public(client, question).json()
    assert public["procedures"][0]["name"] == "Đăng ký khai sinh" and len(public["links"]) == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"answer": "  "}, "answer"),
        ({"answer": "x" * 20001}, "answer"),
        ({"answer": "ok", "procedures": ["9.999999"]}, "procedures"),
        ({"answer": "ok", "links": [{"title": "x", "url": "javascript:alert(1)"}]}, "links"),
        ({"answer": "ok", "links": "not a list"}, "links"),
    ],
    ids=["empty", "too-long", "unknown-procedure", "bad-link", "wrong-type"],
)
def test_given_a_bad_answer_when_sent_then_400_with_the_field(
    client, ask, justice_approver, data, field
):
    question = ask()
    _office(client, justice_approver)
    body = api_error(_post(client, question, "answer", data), 400)
    assert field in body["fields"]
    assert Question.objects.get().answer == "" and Question.objects.get().case.state == "received"


def test_given_a_stale_version_when_answering_then_409_and_nothing_changes(
    client, ask, justice_approver
):
    question = ask()
    _office(client, justice_approver)
    stale = question.case.version - 1
    response = _post(client, question, "answer", {"answer": "Trả lời", "version": stale})
    assert api_error(response, 409)["code"] == "cases.changed"
    assert Question.objects.get().answer == ""


def test_given_a_pending_answer_when_returned_then_back_to_answering_and_a_note_is_required(
    client, ask, justice_handler, justice_approver
):
    question = question_answer(question=ask(), by=justice_handler, text="Nháp")
    _office(client, justice_approver)
    assert "note" in api_error(_post(client, question, "return", {}), 400)["fields"]

    response = _post(client, question, "return", {"note": "Thêm căn cứ pháp lý"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "answering" and body["published"] is False
    assert body["timeline"][-1]["step"] == "return"
    assert body["timeline"][-1]["note"] == "Thêm căn cứ pháp lý"
    assert body["timeline"][-1]["public"] is False
    _office(client, justice_handler)
    again = _post(client, question, "answer", {"answer": "Bản sửa"})
    assert again.json()["state"] == "pending_approval" and again.json()["answer"] == "Bản sửa"


# --- Forward, merge, reject ------------------------------------------------------------------


def test_given_a_question_for_another_agency_when_forwarded_then_it_moves_with_the_reason(
    client, ask, asker, justice_handler, health_handler
):
    question = ask()
    _office(client, justice_handler)
    assert (
        "reason"
        in api_error(_post(client, question, "forward", {"agency": "TN.SYT"}), 400)["fields"]
    )
    unknown = _post(client, question, "forward", {"agency": "TN.NOPE", "reason": "Y tế"})
    assert "agency" in api_error(unknown, 400)["fields"]
    same = _post(client, question, "forward", {"agency": "TN.STP", "reason": "Y tế"})
    assert "agency" in api_error(same, 400)["fields"]

    response = _post(
        client, question, "forward", {"agency": "TN.SYT", "reason": "Thuộc ngành y tế"}
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["agency"]["code"] == "TN.SYT" and body["actions"] == []
    assert body["timeline"][-1]["step"] == "forward"
    assert InAppNotification.objects.filter(user=asker, event="question.update").exists()
    assert api_error(client.get(_url(question)), 404)  # no longer theirs
    _office(client, health_handler)
    assert client.get(_url(question)).json()["agency"]["code"] == "TN.SYT"


def test_given_a_repeat_when_merged_by_code_then_closed_and_its_asker_follows_the_original(
    client, ask, asker, other_citizen, justice_approver, justice_handler
):
    original = question_answer(question=ask(), by=justice_approver, text="Đã có trả lời")
    repeat = ask(user=other_citizen)
    _office(client, justice_handler)
    unknown = _post(client, repeat, "merge", {"into": "HD-000000-00000"})
    assert api_error(unknown, 400)["code"] == "questions.bad_merge"
    itself = _post(client, repeat, "merge", {"into": str(repeat.case.public_id)})
    assert "into" in api_error(itself, 400)["fields"]

    response = _post(client, repeat, "merge", {"into": original.case.code.lower()})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "closed_duplicate" and body["status"] == "closed"
    assert body["duplicate_of"] == str(original.case.public_id)
    assert QuestionFollow.objects.filter(question=original, user=other_citizen).exists()
    assert InAppNotification.objects.filter(user=other_citizen, event="question.answered").exists()
    client.logout()
    token = api_tokens_issue(user=other_citizen).access_token
    mine = client.get(
        f"/api/v1/questions/{repeat.case.public_id}", HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert mine["duplicate_of"] == str(original.case.public_id) and mine["status"] == "closed"


def test_given_a_private_question_of_another_agency_when_merging_into_it_then_unknown(
    client, ask, justice_handler, health_handler, demo_province
):
    elsewhere = ask(agency=demo_province["TN.SYT"], is_public=False)
    question = ask()
    _office(client, justice_handler)
    response = _post(client, question, "merge", {"into": elsewhere.case.code})
    assert "into" in api_error(response, 400)["fields"]
    assert Question.objects.get(pk=question.pk).duplicate_of is None


def test_given_spam_when_rejected_then_closed_and_the_asker_sees_the_reason(
    client, ask, asker, justice_handler
):
    question = ask()
    _office(client, justice_handler)
    assert "reason" in api_error(_post(client, question, "reject", {"reason": " "}), 400)["fields"]

    response = _post(client, question, "reject", {"reason": "Nội dung quảng cáo"})

    assert response.status_code == 200, response.content
    assert response.json()["state"] == "closed_rejected" and response.json()["status"] == "closed"
    again = _post(client, question, "reject", {"reason": "Lần nữa"})
    assert api_error(again, 409)["code"] == "cases.wrong_state"
    client.logout()
    token = api_tokens_issue(user=asker).access_token
    seen = client.get(
        f"/api/v1/questions/{question.case.public_id}", HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert seen["timeline"][-1]["note"] == "Nội dung quảng cáo"


# --- Templates -------------------------------------------------------------------------------


def test_given_templates_when_listing_for_a_topic_then_generic_the_topics_and_my_agencys(
    client, civil, residence, justice_handler, demo_province
):
    AnswerTemplate.objects.create(title="Chào", body="Chào ông/bà {name},")
    AnswerTemplate.objects.create(title="Hộ tịch", body="Về hộ tịch ...", topic=civil)
    AnswerTemplate.objects.create(title="Cư trú", body="Về cư trú ...", topic=residence)
    AnswerTemplate.objects.create(
        title="Sở Tư pháp", body="Sở Tư pháp trả lời", agency=demo_province["TN.STP"]
    )
    AnswerTemplate.objects.create(
        title="Sở Y tế", body="Sở Y tế trả lời", agency=demo_province["TN.SYT"]
    )
    AnswerTemplate.objects.create(title="Cũ", body="...", is_active=False)
    _office(client, justice_handler)

    for_topic = client.get("/api/v1/office/questions/templates", {"topic": "ho-tich"})
    every = client.get("/api/v1/office/questions/templates")

    assert for_topic.status_code == 200, for_topic.content
    assert [t["title"] for t in for_topic.json()] == ["Chào", "Hộ tịch", "Sở Tư pháp"]
    first = for_topic.json()[0]
    assert first["body"] == "Chào ông/bà {name}," and first["topic"] is None
    assert {t["title"] for t in every.json()} == {"Chào", "Hộ tịch", "Cư trú", "Sở Tư pháp"}
    assert "no-store" in every["Cache-Control"]
    client.logout()
    assert api_error(client.get("/api/v1/office/questions/templates"), 401)


def test_given_a_staff_account_without_a_role_when_listing_templates_then_403(
    client, django_user_model, civil
):
    staff = django_user_model.objects.create_user("nhanvien", password="x" * 12, is_staff=True)
    RoleAssignment.objects.filter(user=staff).delete()
    _office(client, staff)
    body = api_error(client.get("/api/v1/office/questions/templates"), 403)
    assert body["code"] == "questions.not_allowed"


# --- The schema ------------------------------------------------------------------------------


def test_given_the_api_when_reading_its_openapi_schema_then_the_question_paths_are_there(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/questions",
        "/api/v1/questions/topics",
        "/api/v1/questions/search",
        "/api/v1/questions/mine",
        "/api/v1/questions/{public_id}",
        "/api/v1/questions/{public_id}/follow-up",
        "/api/v1/questions/{public_id}/helpful",
        "/api/v1/office/questions/templates",
        "/api/v1/office/questions/{public_id}",
        "/api/v1/office/questions/{public_id}/answer",
        "/api/v1/office/questions/{public_id}/approve",
        "/api/v1/office/questions/{public_id}/return",
        "/api/v1/office/questions/{public_id}/forward",
        "/api/v1/office/questions/{public_id}/merge",
        "/api/v1/office/questions/{public_id}/reject",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/questions"]) == {"get", "post"}
