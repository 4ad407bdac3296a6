"""What runs inside every transition of a question's case, whoever moves it: the public
status, publishing to the FAQ and its search index, and telling the people who follow it."""

from __future__ import annotations

from django.utils import timezone

from openprovince.cases.hooks import on_transition
from openprovince.cases.models import Case
from openprovince.cases.workflow import Action
from openprovince.fulltext.services import fulltext_index, fulltext_remove
from openprovince.notifications.outbox import notification_enqueue

from ..models import Question

KIND = "question"
PUBLISHED_BY = {"answer", "approve"}


def question_index(question: Question) -> None:
    """The FAQ search finds published public questions only."""
    key = str(question.pk)
    if question.published:
        fulltext_index(
            kind=KIND,
            key=key,
            title=question.title,
            text=f"{question.body}\n{question.answer}",
            scope=question.topic.code,
        )
    else:
        fulltext_remove(kind=KIND, key=key)


def _sync(case: Case, action: Action) -> None:
    question = Question.objects.select_related("topic").filter(case=case).first()
    if question is None:
        return
    if action.code in PUBLISHED_BY:
        question.status = Question.Status.ANSWERED
        question.answered_at = timezone.now()
        question.published = question.is_public and question.duplicate_of_id is None
        question.save(update_fields=["status", "answered_at", "published", "updated_at"])
        question_index(question)
        _tell_followers(question, case)
    elif case.closed_at is not None:
        question.status, question.published = Question.Status.CLOSED, False
        question.save(update_fields=["status", "published", "updated_at"])
        question_index(question)


def _tell_followers(question: Question, case: Case) -> None:
    """Askers of merged duplicates (the asker is told by the engine's own message)."""
    follows = question.follows.select_related("user")
    if case.applicant_id is not None:
        follows = follows.exclude(user_id=case.applicant_id)
    for follow in follows:
        notification_enqueue(
            recipient=follow.user,
            event="question.answered",
            context={"case_code": case.code, "title": question.title},
            link=f"/questions/{case.public_id}/",
        )


def register() -> None:
    on_transition(KIND, _sync)
