"""Asking, routing, answering with approval, merge, forward, follow-up, privacy, notifications."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openprovince.agencies.models import Agency
from openprovince.cases.services.transitions import case_transition
from openprovince.core.errors import AppError, PermissionDenied
from openprovince.notifications.models import InAppNotification
from openprovince.questions.models import AnswerTemplate, Question, QuestionTopic
from openprovince.questions.selectors import (
    question_for_viewer,
    question_stats,
    questions_similar,
)
from openprovince.questions.services.answering import (
    question_answer,
    question_approve,
    question_forward,
    question_merge,
    question_reject,
    question_return,
)
from openprovince.questions.services.asking import QuestionInput, question_ask, question_follow_up
from openprovince.questions.services.feedback import question_vote

pytestmark = pytest.mark.django_db


def published(ask: Any, approver: Any, **fields: Any) -> Question:
    question = ask(**fields)
    return question_answer(question=question, by=approver, text="Theo quy định, ông/bà ...")


# --- asking and routing -----------------------------------------------------------------------


def test_given_a_topic_with_an_agency_when_asked_without_choosing_then_that_agency_answers(ask):
    question = ask()
    assert question.case.agency.code == "TN.STP"
    assert question.case.kind == "question" and question.case.state == "received"
    assert question.case.code.startswith("HD-")
    assert question.status == Question.Status.OPEN and not question.published


def test_given_a_chosen_agency_when_asked_then_it_wins_over_the_topic(ask, demo_province):
    question = ask(agency=demo_province["TN.SYT"])
    assert question.case.agency.code == "TN.SYT"


def test_given_a_local_topic_when_the_asker_names_a_ward_then_the_ward_answers(
    ask, residence, demo_province
):
    ward = demo_province["TN.P.TANNINH"]
    assert ask(topic=residence, ward=ward).case.agency == ward


def test_given_no_agency_for_the_topic_when_asked_then_the_province_desk_answers(ask):
    other = QuestionTopic.objects.get(code="khac")
    assert ask(topic=other).case.agency.code == "TN"


def test_given_the_topic_deadline_when_asked_then_the_case_is_due_in_that_many_working_days(
    ask, civil
):
    question = ask()
    assert question.case.due_at is not None and question.case.due_at > question.case.created_at


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"body": ""}, "body"),
        ({"body": "á" * 20000}, "body"),
        ({"title": "x" * 201}, "title"),
        ({"topic": None}, "topic"),
    ],
    ids=["empty-title", "empty-body", "20000-characters", "long-title", "no-topic"],
)
def test_given_bad_input_when_asked_then_refused_with_the_field(ask, fields, field):
    with pytest.raises(AppError) as error:
        ask(**fields)
    assert error.value.code == "questions.invalid" and field in error.value.fields
    assert not Question.objects.exists()


def test_given_html_in_the_text_when_asked_then_kept_as_plain_text(ask):
    question = ask(body="<script>alert(1)</script> Xin hỏi <b>thủ tục</b>")
    assert question.body == "<script>alert(1)</script> Xin hỏi <b>thủ tục</b>"


def test_given_an_unsupported_file_when_asked_then_refused_with_its_name(ask):
    exe = SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(AppError) as error:
        ask(files=[exe])
    assert "setup.exe" in error.value.fields["files"][0]


def test_given_a_pdf_when_asked_then_attached_to_the_case(ask):
    pdf = SimpleUploadedFile("giay.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    question = ask(files=[pdf])
    assert question.case.attachments.count() == 1


def test_given_many_questions_in_an_hour_when_one_more_then_429(ask, settings):
    settings.QUESTIONS_MAX_PER_USER_HOUR = 2
    ask()
    ask()
    with pytest.raises(AppError) as error:
        ask()
    assert error.value.status == 429


# --- answering, approval ----------------------------------------------------------------------


def test_given_a_handler_when_answering_then_it_waits_for_approval_and_is_not_public(
    ask, justice_handler, asker
):
    question = question_answer(question=ask(), by=justice_handler, text="Trả lời nháp")
    assert question.case.state == "pending_approval"
    assert not question.published and question.status == Question.Status.OPEN
    assert question_for_viewer(public_id=question.case.public_id, user=None) is None


def test_given_a_pending_answer_when_the_approver_approves_then_published_and_the_asker_told(
    ask, justice_handler, justice_approver, asker
):
    question = question_answer(question=ask(), by=justice_handler, text="Ông/bà cần mang ...")
    question = question_approve(question=question, by=justice_approver)
    assert question.case.state == "answered" and question.published
    assert question.answered_at is not None
    assert question_for_viewer(public_id=question.case.public_id, user=None) == question
    assert InAppNotification.objects.filter(user=asker, title__contains="Đã trả lời").exists()


def test_given_a_handler_when_approving_then_refused(ask, justice_handler):
    question = question_answer(question=ask(), by=justice_handler, text="Trả lời")
    with pytest.raises(PermissionDenied):
        question_approve(question=question, by=justice_handler)


def test_given_a_pending_answer_when_returned_with_a_note_then_back_to_answering(
    ask, justice_handler, justice_approver
):
    question = question_answer(question=ask(), by=justice_handler, text="Trả lời")
    question = question_return(question=question, by=justice_approver, note="Thêm căn cứ pháp lý")
    assert question.case.state == "answering" and not question.published


def test_given_an_approver_when_answering_then_published_at_once(ask, justice_approver):
    question = published(ask, justice_approver)
    assert question.case.state == "answered" and question.published


def test_given_an_official_of_another_agency_when_answering_then_refused(ask, health_handler):
    with pytest.raises(PermissionDenied):
        question_answer(question=ask(), by=health_handler, text="Trả lời")


def test_given_a_generic_step_without_the_service_when_answered_then_still_published(
    ask, justice_approver
):
    """The hook publishes whoever moves the case (here the engine's own transition)."""
    question = ask()
    case_transition(case_id=question.case_id, action="answer", actor=justice_approver)
    question.refresh_from_db()
    assert question.published and question.status == Question.Status.ANSWERED


def test_given_an_empty_or_bad_answer_when_sent_then_refused(ask, justice_approver):
    question = ask()
    for kwargs in (
        {"text": "   "},
        {"text": "ok", "procedure_codes": ["9.999999"]},
        {"text": "ok", "links": [{"title": "x", "url": "javascript:alert(1)"}]},
    ):
        with pytest.raises(AppError):
            question_answer(question=question, by=justice_approver, **kwargs)
    question.refresh_from_db()
    assert question.case.state == "received"


def test_given_procedures_and_links_when_answered_then_kept(ask, justice_approver):
    from tests.dossiers.conftest import birth_registration

    procedure = birth_registration()
    question = question_answer(
        question=ask(),
        by=justice_approver,
        text="Xem thủ tục",
        procedure_codes=[procedure.code],
        links=[{"title": "Tin", "url": "/news/1"}, {"title": "Luật", "url": "https://x.vn/a"}],
    )
    assert list(question.procedures.all()) == [procedure]
    assert [link["url"] for link in question.answer_links] == ["/news/1", "https://x.vn/a"]


# --- privacy ----------------------------------------------------------------------------------


def test_given_a_private_question_then_only_the_asker_and_the_answering_agency_see_it(
    ask, asker, other_citizen, justice_handler, justice_approver, health_handler
):
    question = ask(is_public=False)
    public_id = question.case.public_id
    for viewer in (asker, justice_handler):
        assert question_for_viewer(public_id=public_id, user=viewer) == question
    for viewer in (other_citizen, health_handler, None):
        assert question_for_viewer(public_id=public_id, user=viewer) is None
    question = question_answer(question=question, by=justice_approver, text="Trả lời riêng")
    assert question.status == Question.Status.ANSWERED and not question.published
    assert question_for_viewer(public_id=public_id, user=other_citizen) is None
    assert questions_similar(text="khai sinh quá hạn") == []


# --- forward, merge, reject -------------------------------------------------------------------


def test_given_a_question_for_another_agency_when_forwarded_then_it_moves_with_the_reason(
    ask, asker, justice_handler, health_handler, demo_province
):
    question = ask()
    question = question_forward(
        question=question,
        agency=demo_province["TN.SYT"],
        by=justice_handler,
        reason="Thuộc lĩnh vực y tế",
    )
    assert question.case.agency.code == "TN.SYT"
    event = question.case.events.get(action="forward")
    assert event.is_public and event.note == "Thuộc lĩnh vực y tế"
    assert InAppNotification.objects.filter(user=asker, body__contains="Thuộc lĩnh vực y tế")
    with pytest.raises(PermissionDenied):  # no longer Justice's
        question_answer(question=question, by=justice_handler, text="x")


def test_given_no_reason_when_forwarding_then_refused(ask, justice_handler, demo_province):
    with pytest.raises(AppError):
        question_forward(
            question=ask(), agency=demo_province["TN.SYT"], by=justice_handler, reason=" "
        )


def test_given_a_duplicate_when_merged_into_an_answered_one_then_closed_and_its_asker_told(
    ask, asker, other_citizen, justice_handler, justice_approver
):
    original = published(ask, justice_approver)
    again = ask(user=other_citizen, title="Khai sinh trễ hạn có bị phạt không")
    again = question_merge(question=again, into=original, by=justice_handler)
    assert again.case.state == "closed_duplicate" and again.duplicate_of == original
    assert again.status == Question.Status.CLOSED and not again.published
    assert original.follows.filter(user=other_citizen).exists()
    assert InAppNotification.objects.filter(user=other_citizen, event="question.answered")


def test_given_a_duplicate_merged_before_the_answer_then_its_asker_is_told_when_answered(
    ask, other_citizen, justice_handler, justice_approver
):
    original = ask()
    again = ask(user=other_citizen)
    question_merge(question=again, into=original, by=justice_handler)
    before = InAppNotification.objects.filter(user=other_citizen).count()
    question_answer(question=original, by=justice_approver, text="Trả lời")
    assert InAppNotification.objects.filter(user=other_citizen).count() == before + 1


def test_given_a_question_when_merged_into_itself_then_refused(ask, justice_handler):
    question = ask()
    with pytest.raises(AppError):
        question_merge(question=question, into=question, by=justice_handler)


def test_given_spam_when_rejected_then_closed_with_the_reason(ask, justice_handler):
    question = question_reject(question=ask(), by=justice_handler, reason="Nội dung quảng cáo")
    assert question.case.state == "closed_rejected" and question.status == Question.Status.CLOSED


# --- follow-up and feedback -------------------------------------------------------------------


def follow_up_input() -> QuestionInput:
    return QuestionInput(topic=None, title="Hỏi thêm", body="Nếu không có giấy chứng sinh thì sao?")


def test_given_an_answered_question_when_the_asker_follows_up_then_one_follow_up_only(
    ask, asker, justice_approver
):
    question = published(ask, justice_approver)
    follow = question_follow_up(question=question, data=follow_up_input(), user=asker)
    assert follow.follow_up_of == question and follow.case.agency.code == "TN.STP"
    assert follow.topic == question.topic
    with pytest.raises(AppError) as error:
        question_follow_up(question=question, data=follow_up_input(), user=asker)
    assert error.value.code == "questions.follow_up_used"


def test_given_an_open_question_or_another_person_when_following_up_then_refused(
    ask, asker, other_citizen, justice_approver
):
    with pytest.raises(AppError):
        question_follow_up(question=ask(), data=follow_up_input(), user=asker)
    question = published(ask, justice_approver)
    with pytest.raises(AppError):
        question_follow_up(question=question, data=follow_up_input(), user=other_citizen)


def test_given_votes_when_a_person_changes_theirs_then_counted_once(ask, justice_approver):
    question = published(ask, justice_approver)
    question_vote(question=question, voter="user:1", helpful=True)
    question_vote(question=question, voter="user:1", helpful=False)
    question = question_vote(question=question, voter="session:abc", helpful=True)
    assert (question.helpful_yes, question.helpful_no) == (1, 1)


def test_given_an_unanswered_question_when_voting_then_refused(ask):
    with pytest.raises(AppError):
        question_vote(question=ask(), voter="user:1", helpful=True)


# --- search and statistics --------------------------------------------------------------------


def test_given_published_questions_when_searching_without_diacritics_then_found(
    ask, justice_approver
):
    published(ask, justice_approver)
    published(ask, justice_approver, title="Đăng ký kết hôn với người nước ngoài",
              body="Tôi muốn kết hôn với người Hàn Quốc thì nộp hồ sơ ở đâu?")  # fmt: skip
    found = questions_similar(text="dang ky ket hon nguoi nuoc ngoai")
    assert found and found[0].title == "Đăng ký kết hôn với người nước ngoài"


def test_given_answers_when_counting_then_per_agency_figures(ask, justice_approver):
    published(ask, justice_approver)
    ask()
    stats = {s.agency_code: s for s in question_stats()}
    justice = stats["TN.STP"]
    assert (justice.answered, justice.open) == (1, 1)
    assert justice.on_time_share == 1.0 and justice.median_days is not None


def test_given_templates_then_global_and_topic_ones_exist_separately(civil):
    AnswerTemplate.objects.create(title="Chào", body="Chào ông/bà {name},")
    AnswerTemplate.objects.create(title="Hộ tịch", body="Về hộ tịch ...", topic=civil)
    assert AnswerTemplate.objects.filter(topic__isnull=True).count() == 1


def test_given_an_inactive_chosen_agency_when_asked_then_routed_by_topic(
    civil, asker, demo_province
):
    closed = demo_province["TN.SYT"]
    Agency.objects.filter(pk=closed.pk).update(is_active=False)
    closed.refresh_from_db()
    data = QuestionInput(topic=civil, title="Hỏi", body="Nội dung", agency=closed)
    assert question_ask(data=data, user=asker).case.agency.code == "TN.STP"


def test_given_a_local_topic_without_a_ward_or_agency_when_asked_then_the_ward_is_asked_for(
    ask, residence
):
    with pytest.raises(AppError) as error:
        ask(topic=residence)
    assert "ward" in error.value.fields
