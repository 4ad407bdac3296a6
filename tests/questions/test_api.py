"""The Q&A API for the public and askers: topics, similar questions, the FAQ, one question with
its privacy rules, asking (bad input, throttling, plain text), the follow-up, "was this
helpful?" and the asker's own list — clear JSON errors, never a 500, never the asker's name."""

import pytest
from django.utils.translation import gettext as _

from openprovince.accounts.services.api_tokens import api_tokens_issue
from openprovince.cases.models import Case
from openprovince.questions.models import HelpfulVote, Question
from openprovince.questions.services.answering import question_answer, question_reject
from tests.conftest import api_error, bearer, sign_in_official

pytestmark = pytest.mark.django_db
JSON = "application/json"
ASKER_PHONE, ASKER_NAME = "+84912345678", "Trần Văn Hỏi"


def _token(user):
    return api_tokens_issue(user=user).access_token


def _published(ask, approver, **fields):
    text = fields.pop("answer", "Theo quy định, ...")
    return question_answer(question=ask(**fields), by=approver, text=text)


def _url(question, suffix=""):
    return f"/api/v1/questions/{question.case.public_id}{suffix}"


def _ask(client, user, **overrides):
    data = {
        "topic": "ho-tich",
        "title": "Làm lại giấy khai sinh bị mất",
        "body": "Giấy khai sinh của tôi bị mất, xin hỏi làm lại ở đâu?",
    }
    headers = {k: overrides.pop(k) for k in list(overrides) if k.startswith("HTTP_")}
    data.update(overrides)
    return client.post("/api/v1/questions", data, content_type=JSON, **bearer(user), **headers)


def _no_identity(response):
    text = response.content.decode()
    assert ASKER_NAME not in text and ASKER_PHONE not in text and "912 345 678" not in text


# --- Topics, search, the FAQ -----------------------------------------------------------------


def test_given_the_topics_when_listing_then_codes_both_names_and_local(client, civil, residence):
    response = client.get("/api/v1/questions/topics")
    assert response.status_code == 200
    topics = {t["code"]: t for t in response.json()}
    assert topics["ho-tich"]["name"] == civil.name and topics["ho-tich"]["local"] is False
    assert topics["cu-tru"]["local"] is True and set(topics["cu-tru"]) == {
        "code",
        "name",
        "name_en",
        "local",
    }


def test_given_answered_questions_when_searching_without_accents_then_ranked_public_only(
    client, ask, justice_approver, other_citizen
):
    wanted = _published(
        ask,
        justice_approver,
        title="Đăng ký kết hôn với người nước ngoài",
        body="Tôi muốn kết hôn với người Hàn Quốc thì nộp hồ sơ ở đâu?",
    )
    _published(ask, justice_approver)
    _published(ask, justice_approver, user=other_citizen, is_public=False,
               title="Kết hôn với người nước ngoài (riêng tư)")  # fmt: skip
    ask(title="Đăng ký kết hôn với người nước ngoài còn chờ")  # not answered yet

    response = client.get("/api/v1/questions/search", {"q": "dang ky ket hon nguoi nuoc ngoai"})

    assert response.status_code == 200
    found = response.json()
    assert found[0]["id"] == str(wanted.case.public_id) and found[0]["status"] == "answered"
    assert found[0]["excerpt"].startswith("Theo quy định")
    assert all("riêng tư" not in f["title"] and "chờ" not in f["title"] for f in found)
    _no_identity(response)
    assert client.get("/api/v1/questions/search", {"q": " "}).json() == []
    other_topic = client.get("/api/v1/questions/search", {"q": "ket hon", "topic": "cu-tru"})
    assert other_topic.json() == []
    capped = client.get("/api/v1/questions/search", {"q": "ket hon", "limit": 500})
    assert capped.status_code == 200 and len(capped.json()) <= 20
    assert client.get("/api/v1/questions/search", {"limit": "x"}).status_code == 400


def test_given_questions_when_listing_the_faq_then_published_newest_first_with_filters(
    client, ask, justice_approver, demo_province, residence, settings
):
    settings.QUESTIONS_MAX_PER_USER_HOUR = 100
    first = _published(ask, justice_approver)
    second = _published(ask, justice_approver, title="Trích lục khai sinh bản sao")
    _published(ask, justice_approver, is_public=False)  # answered but private
    ask()  # not answered

    response = client.get("/api/v1/questions")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and body["page"] == 1 and body["pages"] == 1
    assert [i["id"] for i in body["items"]] == [
        str(second.case.public_id),
        str(first.case.public_id),
    ]
    item = body["items"][0]
    assert item["topic"]["code"] == "ho-tich" and item["agency"]["code"] == "TN.STP"
    assert item["helpful_yes"] == 0 and item["answered_at"] and item["code"].startswith("HD-")
    _no_identity(response)
    assert client.get("/api/v1/questions", {"topic": "cu-tru"}).json()["count"] == 0
    assert client.get("/api/v1/questions", {"agency": "TN.SYT"}).json()["count"] == 0
    assert client.get("/api/v1/questions", {"agency": "TN.STP"}).json()["count"] == 2
    ranked = client.get("/api/v1/questions", {"q": "trich luc ban sao"}).json()
    assert ranked["items"][0]["id"] == str(second.case.public_id)
    assert client.get("/api/v1/questions", {"page": 9}).json()["page"] == 1
    assert api_error(client.get("/api/v1/questions", {"page": "x"}), 400)["code"] == "invalid_input"


# --- One question and privacy ----------------------------------------------------------------


def test_given_a_published_question_when_reading_then_answer_procedures_links_and_no_asker(
    client, ask, justice_approver
):
    from tests.dossiers.conftest import birth_registration

    procedure = birth_registration()
    question = question_answer(
        question=ask(),
        by=justice_approver,
        text="Ông/bà nộp hồ sơ tại UBND xã.",
        procedure_codes=[procedure.code],
        links=[{"title": "Hướng dẫn", "url": "/news/1"}],
    )

    response = client.get(_url(question))

    assert response.status_code == 200
    body = response.json()
    assert body["answer"] == "Ông/bà nộp hồ sơ tại UBND xã." and body["status"] == "answered"
    assert body["state"] == "answered" and body["state_name"] == "Đã trả lời"
    assert body["procedures"] == [
        {"code": "1.001193", "name": "Đăng ký khai sinh", "name_en": procedure.name_en}
    ]
    assert body["links"] == [{"title": "Hướng dẫn", "url": "/news/1"}]
    assert body["helpful_yes"] == 0 and body["helpful_no"] == 0
    assert body["mine"] is False and body["can_follow_up"] is False
    assert [t["step"] for t in body["timeline"]] == ["open", "answer"]
    assert "actor" not in body["timeline"][0] and "asker" not in body
    _no_identity(response)
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("answered", [False, True], ids=["open", "answered"])
def test_given_a_private_question_then_404_for_a_guest_another_citizen_and_another_agency(
    client, ask, justice_approver, other_citizen, health_handler, justice_handler, answered
):
    question = ask(is_public=False)
    if answered:
        question = question_answer(question=question, by=justice_approver, text="Trả lời")

    guest = client.get(_url(question))
    citizen = client.get(_url(question), **bearer(other_citizen))
    # An official of the answering agency with only an app token (an SMS code) is not enough.
    token_official = client.get(_url(question), **bearer(justice_handler))
    sign_in_official(client, health_handler)
    other_agency = client.get(_url(question))

    for response in (guest, citizen, token_official, other_agency):
        assert api_error(response, 404)["code"] == "questions.not_found"
        assert "Đăng ký khai sinh" not in response.content.decode()


def test_given_a_private_question_when_its_asker_reads_it_then_shown_and_not_cached(
    client, ask, asker, justice_handler
):
    question = question_answer(question=ask(is_public=False), by=justice_handler, text="Nháp")

    response = client.get(_url(question), **bearer(asker))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["mine"] is True and body["is_public"] is False
    assert body["state"] == "pending_approval" and body["status"] == "open"
    assert body["answer"] is None and body["excerpt"] == ""  # a draft is never shown
    assert "no-store" in response["Cache-Control"]
    client.force_login(asker)  # the site's own session works too
    assert client.get(_url(question)).json()["mine"] is True


def test_given_an_official_in_the_office_session_when_reading_a_private_question_then_shown(
    client, ask, justice_handler
):
    question = ask(is_public=False)
    justice_handler.is_staff = True
    justice_handler.save()
    sign_in_official(client, justice_handler)
    assert client.get(_url(question)).status_code == 200


def test_given_unknown_ids_or_a_bad_token_when_reading_then_404_or_401(client, ask):
    question = ask()  # public but not answered: not shown yet
    for public_id in (question.case.public_id, "6f1c3f5e-0000-4000-8000-000000000000", "abc"):
        assert api_error(client.get(f"/api/v1/questions/{public_id}"), 404)["code"] == (
            "questions.not_found"
        )
    bad = client.get(_url(question), HTTP_AUTHORIZATION="Bearer not-a-token")
    assert api_error(bad, 401)["code"] == "accounts.token_invalid"


def test_given_a_rejected_question_when_its_asker_reads_it_then_the_reason_is_there(
    client, ask, asker, justice_handler
):
    question = question_reject(question=ask(), by=justice_handler, reason="Không thuộc thẩm quyền")
    body = client.get(_url(question), **bearer(asker)).json()
    assert body["status"] == "closed" and body["state"] == "closed_rejected"
    assert body["timeline"][-1]["note"] == "Không thuộc thẩm quyền"
    assert api_error(client.get(_url(question)), 404)


# --- Asking ----------------------------------------------------------------------------------


def test_given_a_signed_in_app_when_asking_then_201_with_the_question_and_the_zalo_channel(
    client, asker, civil
):
    response = _ask(client, asker, is_public=False, HTTP_X_CLIENT="zalo-mini-app")

    assert response.status_code == 201, response.content
    body = response.json()
    question = Question.objects.select_related("case").get()
    assert body["id"] == str(question.case.public_id) and body["code"] == question.case.code
    assert body["agency"]["code"] == "TN.STP" and body["status"] == "open"
    assert body["mine"] is True and body["is_public"] is False and body["answer"] is None
    assert question.case.channel == Case.Channel.ZALO and question.case.applicant == asker
    _no_identity(response)


def test_given_a_chosen_agency_or_a_ward_when_asking_then_routed_there(
    client, asker, civil, residence
):
    chosen = _ask(client, asker, agency="TN.SYT")
    local = _ask(client, asker, topic="cu-tru", ward="TN.P.TANNINH")
    assert chosen.json()["agency"]["code"] == "TN.SYT"
    assert local.json()["agency"]["code"] == "TN.P.TANNINH"
    assert Case.objects.filter(channel=Case.Channel.API).count() == 2


def test_given_no_or_a_bad_token_when_asking_then_401(client, civil):
    body = {"topic": "ho-tich", "title": "Hỏi", "body": "Hỏi"}
    assert api_error(client.post("/api/v1/questions", body, content_type=JSON), 401)["code"]
    bad = client.post(
        "/api/v1/questions", body, content_type=JSON, HTTP_AUTHORIZATION="Bearer nope"
    )
    assert api_error(bad, 401)["code"] == "accounts.token_invalid"
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"title": "", "body": "  "}, {"title", "body"}),
        ({"body": "á" * 20000}, {"body"}),
        ({"title": "x" * 201}, {"title"}),
        ({"topic": "khong-co"}, {"topic"}),
        ({"topic": ""}, {"topic"}),
        ({"agency": "TN.NOPE", "title": ""}, {"agency", "title"}),
        ({"topic": "cu-tru", "ward": "TN.STP"}, {"ward"}),  # a department is not a ward
    ],
    ids=[
        "empty-title-and-body",
        "20000-characters",
        "long-title",
        "unknown-topic",
        "no-topic",
        "unknown-agency",
        "not-a-ward",
    ],
)
def test_given_bad_input_when_asking_then_400_with_every_field(
    client, asker, civil, residence, overrides, fields
):
    body = api_error(_ask(client, asker, **overrides), 400)
    assert body["code"] == "questions.invalid" and set(body["fields"]) == fields
    assert all(body["fields"][f][0] for f in fields)
    assert not Question.objects.exists()


def test_given_a_body_of_the_wrong_type_or_not_json_when_asking_then_400(client, asker, civil):
    wrong = _ask(client, asker, is_public="maybe", title=["a"])
    assert api_error(wrong, 400)["code"] == "invalid_input"
    garbled = client.post("/api/v1/questions", "{not json", content_type=JSON, **bearer(asker))
    assert garbled.status_code == 400 and set(garbled.json()) == {"code", "message", "fields"}


def test_given_html_in_the_question_when_read_back_then_plain_text_never_markup(
    client, asker, civil, justice_approver
):
    script = "<script>alert(1)</script> Xin hỏi <b>thủ tục</b>"
    created = _ask(client, asker, title="<img src=x onerror=alert(1)>", body=script)
    assert created.status_code == 201, created.content
    question = Question.objects.get()
    question_answer(question=question, by=justice_approver, text="<i>Trả lời</i>")

    response = client.get(_url(question))

    assert (
        response["Content-Type"].startswith(JSON)
        and response["X-Content-Type-Options"] == "nosniff"
    )
    body = response.json()
    assert body["body"] == script and body["title"] == "<img src=x onerror=alert(1)>"
    assert body["answer"] == "<i>Trả lời</i>"
    assert question.body == script  # stored as typed, escaped only where shown as HTML


def test_given_many_questions_in_an_hour_when_one_more_then_429_with_a_clear_message(
    client, asker, civil, settings
):
    settings.QUESTIONS_MAX_PER_USER_HOUR = 2
    assert _ask(client, asker).status_code == 201
    assert _ask(client, asker).status_code == 201
    body = api_error(_ask(client, asker), 429)
    assert body["code"] == "questions.too_many"
    assert body["message"] == _(
        "You have asked many questions in the last hour. Please wait a little."
    )
    assert Question.objects.count() == 2


def test_given_an_idempotency_key_when_the_app_retries_then_one_question(client, asker, civil):
    data = {"topic": "ho-tich", "title": "Hỏi lại", "body": "Mạng chập chờn, gửi lại"}
    headers = {
        "HTTP_IDEMPOTENCY_KEY": "ask-0001-retry",
        "HTTP_AUTHORIZATION": f"Bearer {_token(asker)}",
    }
    first = client.post("/api/v1/questions", data, content_type=JSON, **headers)
    again = client.post("/api/v1/questions", data, content_type=JSON, **headers)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    assert Question.objects.count() == 1


# --- Follow-up -------------------------------------------------------------------------------


def test_given_an_answer_when_the_asker_follows_up_then_201_once_with_the_same_agency(
    client, ask, asker, justice_approver
):
    question = _published(ask, justice_approver)
    assert client.get(_url(question), **bearer(asker)).json()["can_follow_up"] is True
    data = {"title": "Hỏi thêm về lệ phí", "body": "Lệ phí làm lại là bao nhiêu?"}

    response = client.post(_url(question, "/follow-up"), data, content_type=JSON, **bearer(asker))

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["follow_up_of"] == str(question.case.public_id)
    assert body["agency"]["code"] == "TN.STP" and body["topic"]["code"] == "ho-tich"
    original = client.get(_url(question), **bearer(asker)).json()
    assert original["follow_up"] == body["id"] and original["can_follow_up"] is False
    again = client.post(_url(question, "/follow-up"), data, content_type=JSON, **bearer(asker))
    assert api_error(again, 409)["code"] == "questions.follow_up_used"
    assert Question.objects.filter(follow_up_of=question).count() == 1


def test_given_another_person_or_an_open_question_when_following_up_then_refused(
    client, ask, asker, other_citizen, justice_approver
):
    data = {"title": "Hỏi thêm", "body": "Thêm một câu"}
    answered = _published(ask, justice_approver)
    other = client.post(
        _url(answered, "/follow-up"), data, content_type=JSON, **bearer(other_citizen)
    )
    assert api_error(other, 403)["code"] == "questions.not_yours"
    unanswered = client.post(_url(ask(), "/follow-up"), data, content_type=JSON, **bearer(asker))
    assert api_error(unanswered, 409)["code"] == "questions.not_answered"
    private = _published(ask, justice_approver, is_public=False)
    hidden = client.post(
        _url(private, "/follow-up"), data, content_type=JSON, **bearer(other_citizen)
    )
    assert api_error(hidden, 404)["code"] == "questions.not_found"
    empty = client.post(_url(answered, "/follow-up"), {}, content_type=JSON, **bearer(asker))
    assert set(api_error(empty, 400)["fields"]) == {"title", "body"}
    guest = client.post(_url(answered, "/follow-up"), data, content_type=JSON)
    assert api_error(guest, 401)


# --- Helpful ---------------------------------------------------------------------------------


def test_given_an_answer_when_a_guest_votes_twice_then_counted_once_and_changed(
    client, ask, justice_approver
):
    question = _published(ask, justice_approver)
    url = _url(question, "/helpful")

    first = client.post(url, {"helpful": True}, content_type=JSON)
    again = client.post(url, {"helpful": True}, content_type=JSON)
    changed = client.post(url, {"helpful": False}, content_type=JSON)

    assert first.status_code == 200, first.content
    assert first.json() == {"helpful": True, "helpful_yes": 1, "helpful_no": 0}
    assert again.json() == {"helpful": True, "helpful_yes": 1, "helpful_no": 0}
    assert changed.json() == {"helpful": False, "helpful_yes": 0, "helpful_no": 1}
    assert HelpfulVote.objects.count() == 1
    assert client.get(_url(question)).json()["helpful_no"] == 1


def test_given_signed_in_voters_when_voting_then_one_vote_each(
    client, ask, asker, other_citizen, justice_approver
):
    question = _published(ask, justice_approver)
    url = _url(question, "/helpful")
    for user in (asker, other_citizen, other_citizen):
        response = client.post(url, {"helpful": True}, content_type=JSON, **bearer(user))
        assert response.status_code == 200, response.content
    assert response.json()["helpful_yes"] == 2
    assert set(HelpfulVote.objects.values_list("voter", flat=True)) == {
        f"user:{asker.pk}",
        f"user:{other_citizen.pk}",
    }


def test_given_an_open_private_or_bad_vote_then_refused(
    client, ask, other_citizen, justice_approver
):
    unanswered = client.post(_url(ask(), "/helpful"), {"helpful": True}, content_type=JSON)
    assert api_error(unanswered, 404)  # not published: not there for the public
    private = _published(ask, justice_approver, is_public=False)
    hidden = client.post(
        _url(private, "/helpful"), {"helpful": True}, content_type=JSON, **bearer(other_citizen)
    )
    assert api_error(hidden, 404)["code"] == "questions.not_found"
    answered = _published(ask, justice_approver)
    missing = client.post(_url(answered, "/helpful"), {}, content_type=JSON)
    assert "helpful" in api_error(missing, 400)["fields"]
    assert not HelpfulVote.objects.exists()


def test_given_the_asker_when_voting_on_their_unanswered_question_then_409(client, ask, asker):
    response = client.post(
        _url(ask(), "/helpful"), {"helpful": True}, content_type=JSON, **bearer(asker)
    )
    assert api_error(response, 409)["code"] == "questions.not_answered"


# --- My questions ----------------------------------------------------------------------------


def test_given_my_questions_when_listing_then_all_mine_with_status_and_nobody_elses(
    client, ask, asker, other_citizen, justice_approver
):
    answered = _published(ask, justice_approver)
    private = ask(is_public=False)
    ask(user=other_citizen)

    response = client.get("/api/v1/questions/mine", **bearer(asker))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and "no-store" in response["Cache-Control"]
    items = {i["id"]: i for i in body["items"]}
    assert items[str(answered.case.public_id)]["status"] == "answered"
    mine = items[str(private.case.public_id)]
    assert mine["is_public"] is False and mine["state"] == "received" and mine["due_at"]
    assert mine["state_name"] == "Đã tiếp nhận"
    assert client.get("/api/v1/questions/mine", **bearer(other_citizen)).json()["count"] == 1
    assert api_error(client.get("/api/v1/questions/mine"), 401)
