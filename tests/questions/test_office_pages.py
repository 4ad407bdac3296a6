"""The officials' question page: a handler's answer waits for approval, an approver publishes
it (the asker is told in the app), return with a note, forward to another department (which
then has it), merge by code, decline; templates, procedures and links; mistakes and refusals
answered on the page, never with a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openprovince.accounts.models import RoleAssignment
from openprovince.cases.models import Case
from openprovince.notifications.models import InAppNotification
from openprovince.questions.models import AnswerTemplate, Question
from openprovince.questions.services.answering import question_answer
from tests.conftest import sign_in_official

pytestmark = pytest.mark.django_db


def _page(question: Question) -> str:
    return reverse("office:question", kwargs={"public_id": question.case.public_id})


def _office(client: Any, user: Any) -> Any:
    """Officials sign in to the back office (staff, past the second factor), in English."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.cookies["lang"] = "en"
    return sign_in_official(client, user)


def _version(question: Question) -> int:
    return Case.objects.get(pk=question.case_id).version


def _reload(question: Question) -> Question:
    return Question.objects.select_related("case__agency").get(pk=question.pk)


def _answer(client: Any, question: Question, **fields: Any) -> Any:
    data = {"do": "answer", "answer": "Không bị phạt.", "version": _version(question), **fields}
    return client.post(_page(question), data)


def test_the_page_shows_the_asker_the_question_and_the_files(client, ask, justice_handler, asker):
    from openprovince.accounts.models import ConsentPurpose
    from openprovince.accounts.services.privacy import consent_give
    from tests.dossiers.conftest import pdf

    question = ask(files=[pdf("giay-to.pdf")])
    html = _office(client, justice_handler).get(_page(question)).content.decode()
    assert "Trần Văn Hỏi" in html and "0912 345 678" not in html  # no consent: no phone
    consent_give(user=asker, purpose=ConsentPurpose.objects.get(code="share-phone-with-handler"))
    html = client.get(_page(question)).content.decode()
    assert "0912 345 678" in html
    assert question.case.code in html and "chưa làm giấy khai sinh" in html
    assert "giay-to.pdf" in html
    assert "Send for approval" in html and "Publish answer" not in html


def test_the_generic_case_page_sends_questions_here(client, ask, justice_handler):
    question = ask()
    answer = _office(client, justice_handler).get(
        reverse("office:case", kwargs={"public_id": question.case.public_id})
    )
    assert answer.status_code == 302 and answer["Location"] == _page(question)


def test_a_handlers_answer_waits_then_the_approver_publishes_and_the_asker_is_told(
    client, ask, asker, justice_handler, justice_approver
):
    question = ask()
    _office(client, justice_handler)
    sent = _answer(client, question, answer="Bản nháp trả lời")
    assert sent.status_code == 302
    question = _reload(question)
    assert question.case.state == "pending_approval" and not question.published
    assert question.answer == "Bản nháp trả lời"
    public = reverse("questions:detail", kwargs={"public_id": question.case.public_id})
    client.force_login(asker)
    assert "Bản nháp trả lời" not in client.get(public).content.decode()  # not yet

    before = InAppNotification.objects.filter(user=asker).count()
    _office(client, justice_approver)
    html = client.get(_page(question)).content.decode()
    assert "Approve and publish" in html and "Bản nháp trả lời" in html
    approved = client.post(_page(question), {"do": "approve", "version": _version(question)})
    assert approved.status_code == 302
    question = _reload(question)
    assert question.case.state == "answered" and question.published
    notes = InAppNotification.objects.filter(user=asker)
    assert notes.count() > before
    assert notes.filter(link__contains=str(question.case.public_id)).exists()
    assert "Bản nháp trả lời" in client.get(public).content.decode()


def test_an_approver_publishes_at_once(client, ask, justice_approver):
    question = ask()
    _office(client, justice_approver)
    assert "Publish answer" in client.get(_page(question)).content.decode()
    _answer(client, question)
    assert _reload(question).published


def test_return_needs_a_note_and_goes_back_to_the_handler(
    client, ask, justice_handler, justice_approver
):
    question = ask()
    _answer(_office(client, justice_handler), question)
    _office(client, justice_approver)
    step = {"do": "return", "version": _version(question)}
    empty = client.post(_page(question), {**step, "note": ""})
    assert empty.status_code == 400 and "Write a note" in empty.content.decode()
    back = client.post(_page(question), {**step, "note": "Thêm căn cứ pháp lý"})
    assert back.status_code == 302
    assert _reload(question).case.state == "answering"
    html = _office(client, justice_handler).get(_page(question)).content.decode()
    assert "Thêm căn cứ pháp lý" in html and "Không bị phạt." in html  # the draft, to edit


def test_a_stale_form_gets_the_reload_message(client, ask, justice_approver):
    question = ask()
    _office(client, justice_approver)
    stale = _answer(client, question, version=_version(question) - 1)
    assert stale.status_code == 409 and "Reload the page" in stale.content.decode()
    assert not _reload(question).published


def test_forward_moves_the_question_to_the_other_department(
    client, ask, justice_handler, health_handler
):
    question = ask(is_public=False)
    _office(client, justice_handler)
    no_reason = client.post(_page(question), {"do": "forward", "agency": "TN.SYT", "reason": ""})
    assert no_reason.status_code == 400 and "Say why" in no_reason.content.decode()
    moved = client.post(
        _page(question), {"do": "forward", "agency": "TN.SYT", "reason": "Thuộc ngành y tế"}
    )
    assert moved.status_code == 302 and moved["Location"] == reverse("office:home")
    assert _reload(question).case.agency.code == "TN.SYT"
    assert client.get(_page(question)).status_code == 404
    public = reverse("questions:detail", kwargs={"public_id": question.case.public_id})
    assert client.get(public).status_code == 404
    _office(client, health_handler)
    assert client.get(_page(question)).status_code == 200
    assert client.get(public).status_code == 200


def test_merge_by_code(client, ask, justice_handler, justice_approver):
    original = question_answer(
        question=ask(title="Câu hỏi gốc"), by=justice_approver, text="Trả lời gốc."
    )
    duplicate = ask(title="Câu hỏi trùng")
    _office(client, justice_handler)
    html = client.get(_page(duplicate)).content.decode()
    assert original.case.code in html  # offered as a similar published question
    unknown = client.post(_page(duplicate), {"do": "merge", "into": "HD-000000-00000"})
    assert unknown.status_code == 400 and "No question has this code." in unknown.content.decode()
    merged = client.post(_page(duplicate), {"do": "merge", "into": original.case.code.lower()})
    assert merged.status_code == 302
    duplicate = _reload(duplicate)
    assert duplicate.case.state == "closed_duplicate" and duplicate.duplicate_of_id == original.pk


def test_decline_needs_a_reason(client, ask, asker, justice_handler):
    question = ask()
    _office(client, justice_handler)
    empty = client.post(_page(question), {"do": "reject", "note": ""})
    assert empty.status_code == 400
    declined = client.post(_page(question), {"do": "reject", "note": "Không phải câu hỏi"})
    assert declined.status_code == 302
    assert _reload(question).case.state == "closed_rejected"
    client.force_login(asker)
    public = reverse("questions:detail", kwargs={"public_id": question.case.public_id})
    assert "Không phải câu hỏi" in client.get(public).content.decode()


def test_a_template_goes_into_the_answer_with_the_askers_name(
    client, ask, justice_handler, demo_province
):
    question = ask()
    mine = AnswerTemplate.objects.create(
        title="Chào hỏi", body="Chào {name}, Sở Tư pháp trả lời như sau:", topic=question.topic
    )
    AnswerTemplate.objects.create(title="Của Sở Y tế", body="x", agency=demo_province["TN.SYT"])
    AnswerTemplate.objects.create(title="Đã tắt", body="x", is_active=False)
    _office(client, justice_handler)
    html = client.get(_page(question)).content.decode()
    assert "Chào hỏi" in html and "Của Sở Y tế" not in html and "Đã tắt" not in html
    assert 'data-text="Chào Trần Văn Hỏi, Sở Tư pháp trả lời như sau:"' in html
    filled = client.get(_page(question), {"template": mine.pk}).content.decode()
    assert ">Chào Trần Văn Hỏi, Sở Tư pháp trả lời như sau:</textarea>" in filled


def test_procedures_and_links_are_shown_with_the_answer(
    client, ask, justice_approver, demo_province
):
    from tests.dossiers.conftest import birth_registration

    procedure = birth_registration()
    question = ask()
    _office(client, justice_approver)
    unknown = _answer(client, question, procedures="9.999999")
    assert unknown.status_code == 400 and "not in the catalogue" in unknown.content.decode()
    bad_link = _answer(client, question, links="Xem | javascript:alert(1)")
    assert bad_link.status_code == 400 and "https://" in bad_link.content.decode()
    too_many = _answer(client, question, links="\n".join(f"/news/{i}/" for i in range(6)))
    assert too_many.status_code == 400 and "At most 5 links." in too_many.content.decode()
    done = _answer(
        client,
        question,
        procedures=f" {procedure.code} ,",
        links="Hướng dẫn khai sinh | https://tayninh.gov.vn/khai-sinh",
    )
    assert done.status_code == 302
    public = reverse("questions:detail", kwargs={"public_id": question.case.public_id})
    html = client.get(public).content.decode()
    assert reverse("procedures:detail", kwargs={"code": procedure.code}) in html
    assert 'href="https://tayninh.gov.vn/khai-sinh"' in html and "Hướng dẫn khai sinh" in html


def test_who_may_open_the_page(client, ask, asker, health_handler, justice_handler, demo_province):
    question = ask()
    client.force_login(asker)
    assert client.get(_page(question)).status_code == 403  # a citizen
    assert _office(client, health_handler).get(_page(question)).status_code == 404
    viewer = justice_handler.__class__.objects.create_user("xem", password="x" * 12)
    RoleAssignment.objects.create(user=viewer, agency=demo_province["TN.STP"], role="viewer")
    _office(client, viewer)
    assert client.get(_page(question)).status_code == 200
    refused = client.post(_page(question), {"do": "forward", "agency": "TN.SYT", "reason": "x"})
    assert refused.status_code == 403
    assert _reload(question).case.agency.code == "TN.STP"


def test_nonsense_posts_get_a_message_not_a_500(client, ask, justice_handler):
    question = ask()
    _office(client, justice_handler)
    assert client.post(_page(question), {"do": "dance"}).status_code == 400
    assert client.post(_page(question), {"do": "forward", "agency": "NOPE"}).status_code == 400
    wrong_step = client.post(_page(question), {"do": "step", "action": "approve"})
    assert wrong_step.status_code == 409


def test_the_office_statistics(client, ask, justice_handler, justice_approver):
    question_answer(question=ask(), by=justice_approver, text="Trả lời.")
    ask(title="Còn chờ")
    _office(client, justice_handler)
    page = client.get(reverse("office:question_stats"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sở Tư pháp" in html and "Received" in html and "Answered" in html
