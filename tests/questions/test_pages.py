"""The public Q&A pages: the FAQ (published public answers only, search, filters), asking
(signed in at once, a guest's draft kept through sign-in, every problem answered with a 400
and its message, never a 500), who may open a question, "was this helpful?" and the one
follow-up."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openprovince.agencies.models import Agency
from openprovince.questions.models import Question
from openprovince.questions.services.answering import question_answer, question_merge

pytestmark = pytest.mark.django_db

INDEX = "/questions/"
ASK = "/questions/ask"


@pytest.fixture(autouse=True)
def _province(civil: Any) -> None:
    """The demo agencies, with Hộ tịch answered by Sở Tư pháp (TN.STP)."""


def _detail(question: Question) -> str:
    return reverse("questions:detail", kwargs={"public_id": question.case.public_id})


def _english(client: Any) -> Any:
    client.cookies["lang"] = "en"
    return client


@pytest.fixture
def answered(ask: Any, justice_approver: Any) -> Any:
    """Ask through the service, then publish an answer by Justice's approver."""

    def make(answer: str = "Không bị phạt nếu đăng ký trong hạn.", **fields: Any) -> Question:
        question = ask(**fields)
        return question_answer(question=question, by=justice_approver, text=answer)

    return make


def _form(**overrides: Any) -> dict[str, Any]:
    return {
        "topic": "ho-tich",
        "agency": "",
        "ward": "",
        "title": "Làm lại giấy khai sinh bị mất",
        "body": "Tôi làm mất giấy khai sinh, xin hỏi thủ tục cấp bản sao?",
        "public": "1",
        **overrides,
    }


def _pdf(name: str = "giay.pdf") -> SimpleUploadedFile:
    from tests.dossiers.conftest import pdf

    return pdf(name)


# The FAQ


def test_given_answers_when_opening_the_faq_then_only_published_public_ones_are_listed(
    client, answered, ask
):
    shown = answered(title="Khai sinh quá hạn có bị phạt không")
    answered(title="Chuyện riêng của gia đình tôi", is_public=False)
    ask(title="Câu hỏi chưa có trả lời")
    html = client.get(INDEX).content.decode()
    assert shown.title in html
    assert "Chuyện riêng" not in html
    assert "chưa có trả lời" not in html
    assert reverse("questions:ask") in html


def test_given_two_answers_when_searching_then_the_matching_one_is_found(client, answered):
    answered(title="Đăng ký khai sinh quá hạn cho con")
    answered(title="Xin giấy xác nhận tình trạng hôn nhân", body="Tôi cần giấy độc thân để cưới.")
    html = client.get(INDEX, {"q": "xac nhan tinh trang hon nhan"}).content.decode()
    assert "tình trạng hôn nhân" in html
    assert "khai sinh quá hạn" not in html


def test_given_the_topic_filter_then_only_that_topic_is_listed(
    client, answered, residence, demo_province
):
    answered(title="Khai sinh cho con")
    answered(
        title="Đăng ký thường trú cho con",
        topic=residence,
        agency=demo_province["TN.STP"],
    )
    html = client.get(INDEX, {"topic": "cu-tru"}).content.decode()
    assert "thường trú" in html and "Khai sinh cho con" not in html
    html = client.get(INDEX, {"topic": "ho-tich", "agency": "TN.STP"}).content.decode()
    assert "Khai sinh cho con" in html and "thường trú" not in html


def test_given_htmx_when_searching_then_only_the_results_come_back(client, answered):
    answered()
    page = client.get(INDEX, {"q": "khai sinh"}, headers={"HX-Request": "true"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<html" not in html and "khai sinh" in html.lower()


def test_the_statistics_page_is_public(client, answered):
    answered()
    html = _english(client).get(reverse("questions:stats")).content.decode()
    assert "Sở Tư pháp" in html and "Median days to answer" in html


# Asking


def test_the_ask_page_offers_topics_agencies_wards_and_similar_answers(client):
    page = _english(client).get(ASK)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="topic"' in html and "Civil status" in html
    assert "I don&#x27;t know — route by topic" in html or "I don't know — route by topic" in html
    assert 'name="ward"' in html and "Phường Tân Ninh" in html
    assert 'maxlength="5000"' in html and 'name="files"' in html and "multiple" in html
    assert 'name="public" value="1" checked' in html
    assert 'hx-get="/questions/similar"' in html
    assert 'hx-trigger="keyup changed delay:400ms"' in html
    assert 'name="look"' in html  # without JavaScript
    assert 'name="idempotency_key"' in html


def test_similar_questions_while_typing(client, answered):
    shown = answered(title="Đăng ký khai sinh quá hạn cho con")
    html = client.get(reverse("questions:similar"), {"title": "khai sinh qua han"}).content
    assert shown.title in html.decode()
    empty = _english(client).get(reverse("questions:similar"), {"title": "zzzz qqqq"})
    assert "None found yet" in empty.content.decode()


def test_without_javascript_look_first_shows_similar_answers_and_keeps_the_text(
    client, answered, asker
):
    shown = answered(title="Đăng ký khai sinh quá hạn cho con")
    client.force_login(asker)
    page = client.post(ASK, _form(title="khai sinh qua han", look="1"))
    html = page.content.decode()
    assert page.status_code == 200
    assert shown.title in html and 'value="khai sinh qua han"' in html
    assert Question.objects.count() == 1  # nothing sent


def test_a_signed_in_citizen_asks_and_a_replay_of_the_same_form_asks_once(client, asker):
    client.force_login(asker)
    form = _form(idempotency_key="ask-once-0001")
    first = _english(client).post(ASK, {**form, "files": _pdf()})
    question = Question.objects.get()
    assert first.status_code == 302 and first["Location"] == _detail(question)
    assert question.case.applicant == asker and question.is_public
    assert question.case.agency.code == "TN.STP"
    again = client.post(ASK, {**form, "files": _pdf()})
    assert again.status_code == 302 and again["Idempotent-Replayed"] == "true"
    assert Question.objects.count() == 1
    page = client.get(_detail(question)).content.decode()
    assert question.case.code in page and "giay.pdf" in page


def test_the_public_box_unticked_makes_a_private_question(client, asker):
    client.force_login(asker)
    form = _form()
    del form["public"]
    client.post(ASK, form)
    assert Question.objects.get().is_public is False


def test_a_guest_keeps_the_draft_through_sign_in_then_sends_it(client, asker):
    _english(client)
    answer = client.post(ASK, _form(title="Câu hỏi của khách", files=_pdf()))
    assert answer.status_code == 302
    assert answer["Location"] == "/signin/?next=%2Fquestions%2Fask"
    assert Question.objects.count() == 0
    signin = client.get(answer["Location"]).content.decode()
    assert "What you typed is kept" in signin and "add them again" in signin
    client.force_login(asker)  # signing in keeps the session's data
    html = client.get(ASK).content.decode()
    assert 'value="Câu hỏi của khách"' in html
    assert "Tôi làm mất giấy khai sinh" in html
    assert '<option value="ho-tich" selected>' in html
    assert "no-store" in client.get(ASK)["Cache-Control"]
    sent = client.post(ASK, _form(title="Câu hỏi của khách"))
    question = Question.objects.get()
    assert sent["Location"] == _detail(question) and question.title == "Câu hỏi của khách"
    assert 'value="Câu hỏi của khách"' not in client.get(ASK).content.decode()  # draft gone


def test_a_kept_draft_can_be_thrown_away(client, asker):
    client.post(ASK, _form(title="Bản nháp bỏ đi"))
    client.force_login(asker)
    assert 'value="Bản nháp bỏ đi"' in client.get(ASK).content.decode()
    assert 'value="Bản nháp bỏ đi"' not in client.get(ASK, {"new": "1"}).content.decode()
    assert 'value="Bản nháp bỏ đi"' not in client.get(ASK).content.decode()


def test_a_guest_with_problems_hears_of_them_before_signing_in(client):
    page = _english(client).post(ASK, _form(title=""))
    assert page.status_code == 400
    assert "Give your question a short title." in page.content.decode()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"title": "", "body": "", "topic": ""}, "Write your question."),
        ({"body": "x" * 20_000}, "At most 5,000 characters"),
        ({"topic": "no-such-topic"}, "Choose what your question is about."),
    ],
)
def test_bad_input_is_answered_with_400_and_the_message(client, asker, overrides, expected):
    client.force_login(asker)
    page = _english(client).post(ASK, _form(**overrides))
    assert page.status_code == 400
    assert expected in page.content.decode()
    assert Question.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
        ("don.docx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + b"\x00" * 64),
    ],
)
def test_an_unsupported_file_is_refused_with_a_clear_message(client, asker, name, content):
    client.force_login(asker)
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    page = _english(client).post(ASK, _form(files=upload))
    html = page.content.decode()
    assert page.status_code == 400
    assert f"{name}: This type of file is not accepted" in html
    assert Question.objects.count() == 0


def test_a_local_topic_needs_the_ward_unless_an_agency_is_chosen(client, asker):
    client.force_login(asker)
    page = _english(client).post(ASK, _form(topic="cu-tru", title=""))
    html = page.content.decode()
    assert page.status_code == 400
    assert "Choose your commune or ward" in html and "Give your question a short title." in html
    sent = client.post(ASK, _form(topic="cu-tru", ward="TN.P.TANNINH"))
    assert sent.status_code == 302
    assert Question.objects.get().case.agency.code == "TN.P.TANNINH"


def test_too_many_questions_in_an_hour_get_429(client, asker, ask, settings):
    settings.QUESTIONS_MAX_PER_USER_HOUR = 1
    ask()
    client.force_login(asker)
    page = _english(client).post(ASK, _form())
    assert page.status_code == 429
    assert "many questions" in page.content.decode()


def test_script_in_the_text_is_shown_escaped(client, asker):
    client.force_login(asker)
    client.post(ASK, _form(body="Xin hỏi <script>alert('x')</script> nhé\ndòng hai"))
    html = client.get(_detail(Question.objects.get())).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; nhé<br>dòng hai" in html


# Who may see a question


def test_a_private_question_is_seen_only_by_its_asker_and_the_answering_agency(
    client, ask, asker, other_citizen, justice_handler, health_handler
):
    question = ask(is_public=False)
    url = _detail(question)
    assert client.get(url).status_code == 404  # a guest
    for stranger in (other_citizen, health_handler):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
    client.force_login(justice_handler)
    assert client.get(url).status_code == 200
    client.force_login(asker)
    page = _english(client).get(url).content.decode()
    assert "Only you and the officials answering can see this question." in page


def test_an_unanswered_public_question_is_not_public_yet(client, ask, asker):
    question = ask()
    assert client.get(_detail(question)).status_code == 404
    client.force_login(asker)
    page = client.get(_detail(question))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]


def test_the_answer_page_shows_the_answer_agency_and_history_only_to_the_asker(
    client, answered, asker
):
    question = answered(answer="Dòng một\n<b>dòng hai</b>")
    html = _english(client).get(_detail(question)).content.decode()
    assert "Dòng một<br>&lt;b&gt;dòng hai&lt;/b&gt;" in html
    assert "From Sở Tư pháp" in html and "What happened" not in html
    client.force_login(asker)
    assert "What happened" in client.get(_detail(question)).content.decode()


def test_a_merged_question_links_to_the_original(client, answered, ask, asker, justice_handler):
    original = answered(title="Câu hỏi gốc đã trả lời")
    duplicate = ask(title="Câu hỏi trùng")
    question_merge(question=duplicate, into=original, by=justice_handler)
    client.force_login(asker)
    html = client.get(_detail(duplicate)).content.decode()
    assert _detail(original) in html and "Câu hỏi gốc đã trả lời" in html


# Was this helpful?


def test_a_helpful_vote_counts_once_per_person_and_can_change(
    client, answered, asker, other_citizen
):
    question = answered()
    url = reverse("questions:helpful", kwargs={"public_id": question.case.public_id})
    client.force_login(asker)
    client.post(url, {"helpful": "yes"})
    answer = client.post(url, {"helpful": "yes"})
    assert answer.status_code == 302 and answer["Location"].endswith("#helpful")
    client.force_login(other_citizen)
    client.post(url, {"helpful": "no"})
    question.refresh_from_db()
    assert (question.helpful_yes, question.helpful_no) == (1, 1)
    client.post(url, {"helpful": "yes"})  # changed their mind
    question.refresh_from_db()
    assert (question.helpful_yes, question.helpful_no) == (2, 0)
    html = client.get(_detail(question)).content.decode()
    assert 'value="yes" aria-pressed="true"' in html


def test_a_guest_votes_once_per_browser_session(client, answered):
    question = answered()
    url = reverse("questions:helpful", kwargs={"public_id": question.case.public_id})
    client.post(url, {"helpful": "yes"})
    client.post(url, {"helpful": "yes"})
    question.refresh_from_db()
    assert question.helpful_yes == 1


def test_no_vote_before_the_answer(client, ask, asker):
    question = ask()
    client.force_login(asker)
    url = reverse("questions:helpful", kwargs={"public_id": question.case.public_id})
    assert client.post(url, {"helpful": "yes"}).status_code == 302
    question.refresh_from_db()
    assert question.helpful_yes == 0


# The follow-up


def test_the_follow_up_form_is_for_the_asker_after_the_answer_and_only_once(
    client, ask, asker, other_citizen, justice_approver
):
    question = ask()
    form_url = reverse("questions:follow_up", kwargs={"public_id": question.case.public_id})
    client.force_login(asker)
    assert form_url not in client.get(_detail(question)).content.decode()  # not yet answered
    question_answer(question=question, by=justice_approver, text="Trả lời.")
    assert form_url in client.get(_detail(question)).content.decode()
    client.force_login(other_citizen)
    assert form_url not in client.get(_detail(question)).content.decode()
    assert client.post(form_url, {"title": "Tôi hỏi thêm", "body": "Nữa"}).status_code == 403

    client.force_login(asker)
    empty = _english(client).post(form_url, {"title": "", "body": ""})
    assert empty.status_code == 400 and "Write your question." in empty.content.decode()
    sent = client.post(form_url, {"title": "Hỏi thêm", "body": "Cần bản sao không?", "public": "1"})
    follow_up = Question.objects.get(follow_up_of=question)
    assert sent["Location"] == _detail(follow_up)
    assert follow_up.case.agency == question.case.agency
    html = client.get(_detail(question)).content.decode()
    assert form_url not in html and _detail(follow_up) in html
    again = client.post(form_url, {"title": "Lần nữa", "body": "Lần nữa"})
    assert again.status_code == 409


def test_a_ward_answers_its_local_question(client, asker, residence):
    client.force_login(asker)
    client.post(ASK, _form(topic="cu-tru", ward="TN.X.TANLAP"))
    assert Question.objects.get().case.agency == Agency.objects.get(code="TN.X.TANLAP")
