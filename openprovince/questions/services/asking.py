"""Asking: check the question, route it, open its case, keep the files — one transaction.
A follow-up is a new question linked to the answered one, answered by the same agency."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.accounts.models import User
from openprovince.agencies.models import Agency
from openprovince.cases.models import Case
from openprovince.cases.services.attachments import case_attachment_store
from openprovince.cases.services.opening import case_open
from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError
from openprovince.core.text import clean_line, strip_invisible
from openprovince.core.uploads import DOCUMENT, ProcessedUpload, upload_process

from ..models import Question, QuestionTopic
from .routing import question_route

MAX_TITLE = 200
MAX_BODY = 5000
MAX_FILES = 3


@dataclass
class QuestionInput:
    topic: QuestionTopic | None
    title: str = ""
    body: str = ""
    agency: Agency | None = None  # None: "I don't know", routed by topic
    ward: Agency | None = None
    is_public: bool = True
    files: list[UploadedFile] = field(default_factory=list)
    channel: str = Case.Channel.WEB


@dataclass
class CheckedQuestion:
    topic: QuestionTopic
    title: str
    body: str
    agency: Agency | None
    ward: Agency | None
    is_public: bool
    files: list[ProcessedUpload]
    channel: str


def question_check(data: QuestionInput) -> CheckedQuestion:
    """Every problem at once (AppError `questions.invalid` with fields), or the question.
    Text is kept as typed (HTML is only ever shown escaped), without invisible characters."""
    problems: dict[str, list[str]] = {}
    if data.topic is None or not data.topic.is_active:
        problems["topic"] = [_("Choose what your question is about.")]
    elif data.topic.local and data.agency is None and data.ward is None:
        problems["ward"] = [_("Choose your commune or ward: it answers questions on this topic.")]
    title = clean_line(data.title)
    if not title:
        problems["title"] = [_("Give your question a short title.")]
    elif len(title) > MAX_TITLE:
        problems["title"] = [_("At most 200 characters.")]
    body = strip_invisible(data.body, keep_newlines=True).strip()
    if not body:
        problems["body"] = [_("Write your question.")]
    elif len(body) > MAX_BODY:
        problems["body"] = [
            _("At most 5,000 characters (yours has %(count)s). Please shorten it.")
            % {"count": f"{len(body):,}"}
        ]
    if len(data.files) > MAX_FILES:
        problems["files"] = [_("At most 3 files.")]
    processed: list[ProcessedUpload] = []
    for upload in data.files[:MAX_FILES]:
        try:
            processed.append(upload_process(data=upload, filename=upload.name or "", kind=DOCUMENT))
        except AppError as exc:
            problems.setdefault("files", []).append(f"{upload.name}: {exc.message}")
    if problems or data.topic is None:
        raise AppError("questions.invalid", _("Some details need your attention."), fields=problems)
    return CheckedQuestion(
        topic=data.topic,
        title=title,
        body=body,
        agency=data.agency,
        ward=data.ward,
        is_public=data.is_public,
        files=processed,
        channel=data.channel,
    )


def _throttle(user: User) -> None:
    since = timezone.now() - timedelta(hours=1)
    recent = Case.objects.filter(kind="question", applicant=user, created_at__gte=since).count()
    if recent >= settings.QUESTIONS_MAX_PER_USER_HOUR:
        raise AppError(
            "questions.too_many",
            _("You have asked many questions in the last hour. Please wait a little."),
            status=429,
        )


def question_store(
    *,
    checked: CheckedQuestion,
    user: User,
    agency: Agency,
    follow_up_of: Question | None = None,
    request: HttpRequest | None = None,
    throttle: bool = True,
) -> Question:
    """`throttle=False` for callers with their own limits (the demo loader, imports)."""
    if throttle:
        _throttle(user)
    with transaction.atomic():
        case = case_open(
            kind="question",
            title=checked.title,
            agency=agency,
            applicant=user,
            channel=checked.channel,
            note="",
            due_working_days=checked.topic.sla_working_days,
        )
        question = Question.objects.create(
            case=case,
            topic=checked.topic,
            title=checked.title,
            body=checked.body,
            is_public=checked.is_public,
            ward=checked.ward,
            follow_up_of=follow_up_of,
        )
        for upload in checked.files:
            case_attachment_store(case=case, user=user, processed=upload, prefix="questions")
        audit_record(
            action="question.ask",
            request=request,
            actor=user,
            target=case,
            agency_code=agency.code,
            details={"topic": checked.topic.code, "public": checked.is_public,
                     "follow_up_of": follow_up_of.case.code if follow_up_of else ""},
        )  # fmt: skip
    return question


def question_ask(
    *, data: QuestionInput, user: User, request: HttpRequest | None = None
) -> Question:
    checked = question_check(data)
    agency = question_route(topic=checked.topic, agency=checked.agency, ward=checked.ward)
    return question_store(checked=checked, user=user, agency=agency, request=request)


def question_follow_up(
    *, question: Question, data: QuestionInput, user: User, request: HttpRequest | None = None
) -> Question:
    """One follow-up per answered question, by its asker; the same agency answers it."""
    if question.case.applicant_id != user.pk:
        raise AppError(
            "questions.not_yours", _("Only the person who asked may follow up."), status=403
        )
    if question.status != Question.Status.ANSWERED:
        raise AppError(
            "questions.not_answered",
            _("You can ask a follow-up question once the answer has arrived."),
            status=409,
        )
    if Question.objects.filter(follow_up_of=question).exists():
        raise AppError(
            "questions.follow_up_used",
            _("You have already asked a follow-up to this question. Please ask a new question."),
            status=409,
        )
    data.topic = question.topic
    data.is_public = data.is_public and question.is_public
    checked = question_check(data)
    return question_store(
        checked=checked,
        user=user,
        agency=question.case.agency,
        follow_up_of=question,
        request=request,
    )
