"""Demo questions so that `make run` shows a real FAQ: topics with their answering agencies,
answer templates, ~150 answered public questions (demo/data/questions.json, written for the
demo; their answers are plausible, not legal advice), and a few open ones for the Tân Ninh
ward officials — one waiting, one being answered, one waiting for the approver."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from openprovince.accounts.models import User
from openprovince.agencies.models import Agency
from openprovince.cases.models import Case, CaseEvent
from openprovince.cases.services.transitions import case_transition
from openprovince.cases.sla import due_after
from openprovince.cases.workflow import Sla
from openprovince.dossiers.models import Procedure
from openprovince.questions.models import AnswerTemplate, Question, QuestionTopic
from openprovince.questions.services.answering import question_answer
from openprovince.questions.services.asking import CheckedQuestion, question_store

from .cases import CITIZEN_PHONE

DATA = Path(__file__).resolve().parent / "data" / "questions.json"
ASKERS = 12  # demo citizens who asked the published questions
OPEN = [
    # topic, title, text, step reached
    ("cu-tru", "Đăng ký tạm trú cho người thuê trọ",
     "Tôi cho 3 sinh viên thuê phòng trọ ở phường Tân Ninh. Chủ nhà có phải đăng ký tạm trú "
     "cho các em không, hay các em tự đăng ký qua ứng dụng?", "received"),
    ("cu-tru", "Xác nhận thông tin cư trú để xin việc",
     "Công ty yêu cầu tôi nộp giấy xác nhận cư trú. Tôi xin ở đâu và mất bao lâu?", "answering"),
    ("moi-truong", "Giờ thu gom rác ở khu phố 3",
     "Xe rác khu phố 3 phường Tân Ninh thường đến lúc mấy giờ? Nhà tôi đi làm sớm nên hay lỡ.",
     "pending_approval"),
]  # fmt: skip


def _topics(data: dict[str, Any]) -> dict[str, QuestionTopic]:
    agencies = {a.code: a for a in Agency.objects.filter(is_active=True)}
    topics = {}
    for order, row in enumerate(data["topics"]):
        topic, _created = QuestionTopic.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "name_en": row.get("name_en", ""),
                "agency": agencies.get(row.get("agency") or ""),
                "local": row.get("agency_type") in ("ward", "commune"),
                "sla_working_days": row.get("sla_working_days", 7),
                "order": row.get("order", (order + 1) * 10),
            },
        )
        topics[topic.code] = topic
    for row in data.get("templates", []):
        AnswerTemplate.objects.get_or_create(
            title=row["title"][:120], topic=topics.get(row["topic"]), defaults={"body": row["body"]}
        )
    return topics


def _askers() -> list[User]:
    askers = []
    for n in range(ASKERS):
        user, _created = User.objects.get_or_create(
            username=f"c-demo-hoi-{n:02d}",
            defaults={"display_name": f"Người hỏi {n + 1}", "is_demo": True},
        )
        askers.append(user)
    return askers


def _backdate(question: Question, asked: Any, answered: Any) -> None:
    """Spread the demo over past months so the FAQ and statistics look lived in."""
    case = question.case
    due = due_after(asked, Sla(working_days=question.topic.sla_working_days))
    Case.objects.filter(pk=case.pk).update(
        created_at=asked, state_entered_at=answered or asked, due_at=due, closed_at=answered
    )
    CaseEvent.objects.filter(case=case, action="open").update(at=asked)
    if answered is not None:
        CaseEvent.objects.filter(case=case).exclude(action="open").update(at=answered)
    Question.objects.filter(pk=question.pk).update(created_at=asked, answered_at=answered)


def _published(data: dict[str, Any], topics: dict[str, QuestionTopic]) -> int:
    askers, now = _askers(), timezone.now()
    agencies = {a.code: a for a in Agency.objects.filter(is_active=True)}
    procedures = {p.code: p for p in Procedure.objects.all()}
    count = 0
    for n, row in enumerate(data["questions"]):
        topic = topics[row["topic"]]
        agency = agencies.get(row.get("agency") or "") or topic.agency or agencies["TN"]
        checked = CheckedQuestion(
            topic=topic, title=row["title"][:200], body=row["question"], agency=agency,
            ward=None, is_public=True, files=[], channel=Case.Channel.WEB,
        )  # fmt: skip
        question = question_store(
            checked=checked, user=askers[n % ASKERS], agency=agency, throttle=False
        )
        Question.objects.filter(pk=question.pk).update(
            answer=row["answer"],
            helpful_yes=row.get("helpful", 0),
            helpful_no=row.get("not_helpful", 0),
        )
        question.procedures.set(
            [procedures[c] for c in row.get("procedures", []) if c in procedures]
        )
        # As the agency's approver would: published at once (the hook indexes it for search).
        case_transition(case_id=question.case_id, action="answer", actor=None, system=True)
        asked = now - timedelta(days=row.get("asked_days_ago", 30), hours=n % 9)
        answered = asked + timedelta(days=row.get("answered_after_days", 3), hours=3)
        _backdate(question, asked, min(answered, now))
        count += 1
    return count


def _open(topics: dict[str, QuestionTopic]) -> int:
    """Work for the Tân Ninh officials; the demo citizen asked them."""
    citizen = User.objects.filter(phone=CITIZEN_PHONE).first()
    ward = Agency.objects.filter(code="TN.P.TANNINH").first()
    handler = User.objects.filter(username="demo.tanninh.xuly").first()
    if citizen is None or ward is None or handler is None:
        return 0
    for code, title, text, step in OPEN:
        topic = topics.get(code) or QuestionTopic.objects.get(code=code)
        checked = CheckedQuestion(
            topic=topic, title=title, body=text, agency=None, ward=ward, is_public=True,
            files=[], channel=Case.Channel.WEB,
        )  # fmt: skip
        question = question_store(checked=checked, user=citizen, agency=ward, throttle=False)
        if step in ("answering", "pending_approval"):
            case_transition(case_id=question.case_id, action="take", actor=handler)
        if step == "pending_approval":
            question_answer(
                question=question,
                by=handler,
                text="Chào bà Năm, xe thu gom rác khu phố 3 đến vào khoảng 5 giờ 30 đến 6 giờ "
                "sáng các ngày trong tuần. Bà có thể để rác trước cửa từ tối hôm trước, buộc kín "
                "túi. Trân trọng.",
            )
    return len(OPEN)


def demo_questions_load() -> int:
    """Load once (skipped when the demo questions exist); returns how many were added."""
    if not DATA.exists() or Question.objects.filter(case__applicant__username="c-demo-hoi-00"):
        return 0
    data = json.loads(DATA.read_text(encoding="utf-8"))
    with transaction.atomic():
        topics = _topics(data)
        return _published(data, topics) + _open(topics)
