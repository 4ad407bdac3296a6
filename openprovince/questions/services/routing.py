"""Who answers a question: the agency the asker chose, else the topic's agency (or, for a local
topic, the asker's commune/ward), else the province's Q&A desk."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from openprovince.agencies.models import Agency
from openprovince.core.errors import AppError

from ..models import QuestionTopic


def questions_desk() -> Agency:
    """QUESTIONS_TRIAGE_AGENCY, by default the root agency."""
    code = settings.QUESTIONS_TRIAGE_AGENCY
    desk = Agency.objects.filter(code=code, is_active=True).first() if code else None
    if desk is None:
        desk = Agency.objects.filter(parent__isnull=True, is_active=True).order_by("code").first()
    if desk is None:
        raise AppError(
            "questions.no_agencies", _("No agency is set up to answer questions yet."), status=503
        )
    return desk


def question_route(
    *, topic: QuestionTopic, agency: Agency | None = None, ward: Agency | None = None
) -> Agency:
    if agency is not None and agency.is_active:
        return agency
    if topic.local and ward is not None and ward.is_active:
        return ward
    if topic.agency is not None and topic.agency.is_active:
        return topic.agency
    return questions_desk()
