"""'Was this answer helpful?': one vote per person or browser session, changeable."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _

from openprovince.core.errors import AppError

from ..models import HelpfulVote, Question


def voter_of(request: HttpRequest) -> str:
    """user:<id>, or session:<hash> for a guest (the session is created when needed)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    session = request.session
    if session.session_key is None:
        session.save()
    key = session.session_key or ""
    return "session:" + hashlib.sha256(key.encode()).hexdigest()[:40]


def question_vote(*, question: Question, voter: str, helpful: bool) -> Question:
    if question.status != Question.Status.ANSWERED:
        raise AppError("questions.not_answered", _("This question has no answer yet."), status=409)
    with transaction.atomic():
        # Counts move by the vote's change (imported answers arrive with counts of their own).
        vote = (
            HelpfulVote.objects.select_for_update().filter(question=question, voter=voter).first()
        )
        if vote is None:
            HelpfulVote.objects.create(question=question, voter=voter, helpful=helpful)
            _count(question, helpful, +1)
        elif vote.helpful != helpful:
            vote.helpful = helpful
            vote.save(update_fields=["helpful"])
            _count(question, not helpful, -1)
            _count(question, helpful, +1)
    question.refresh_from_db(fields=["helpful_yes", "helpful_no"])
    return question


def _count(question: Question, helpful: bool, change: int) -> None:
    field = "helpful_yes" if helpful else "helpful_no"
    Question.objects.filter(pk=question.pk).update(**{field: F(field) + change})
