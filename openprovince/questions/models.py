from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class QuestionTopic(models.Model):
    """What people ask about, who answers and how fast (admin-managed data)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    # Who answers when the asker does not choose an agency: this agency, or — for a local
    # topic — the commune/ward the asker names; otherwise the province's Q&A desk.
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    local = models.BooleanField(_("answered by the asker's commune/ward"), default=False)
    sla_working_days = models.PositiveSmallIntegerField(_("deadline (working days)"), default=7)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("question topic")
        verbose_name_plural = _("question topics")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


class Question(models.Model):
    """A question to the government; its life is a Case (kind "question"). The answer is
    public only once published (answered) and only when the asker made the question public."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="question")
    # Indexed as the first column of question_topic_idx.
    topic = models.ForeignKey(
        QuestionTopic, on_delete=models.PROTECT, related_name="questions", db_index=False
    )
    title = models.CharField(max_length=200)
    body = models.TextField()
    is_public = models.BooleanField(default=True)  # the asker's choice
    ward = models.ForeignKey(  # where the asker lives, when they said (local topics)
        "agencies.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The answer: a draft while it waits for approval, public once the case is answered.
    answer = models.TextField(blank=True)
    answer_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer_links = models.JSONField(default=list, blank=True)  # [{"title", "url"}] (news…)
    procedures = models.ManyToManyField("dossiers.Procedure", blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    # Denormalised from the case for the public FAQ (kept by the transition hook).
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # Indexed as the first column of question_faq_idx.
    published = models.BooleanField(default=False)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    follow_up_of = models.OneToOneField(  # one follow-up per answered question
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_up"
    )
    helpful_yes = models.PositiveIntegerField(default=0)
    helpful_no = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["published", "-answered_at"], name="question_faq_idx"),
            models.Index(fields=["topic", "published", "-answered_at"], name="question_topic_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class QuestionFollow(models.Model):
    """People told when a question is answered besides its asker (askers of merged duplicates)."""

    # Indexed as the first column of unique_question_follow.
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="follows", db_index=False
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="unique_question_follow")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.question_id}"


class HelpfulVote(models.Model):
    """Answers to "was this helpful?": one vote per person (or per browser session for guests)."""

    # Indexed as the first column of unique_helpful_vote.
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="votes", db_index=False
    )
    voter = models.CharField(max_length=80)  # user:<id> or session:<hash>
    helpful = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "voter"], name="unique_helpful_vote")
        ]

    def __str__(self) -> str:
        return f"{self.voter}: {'yes' if self.helpful else 'no'}"


class AnswerTemplate(models.Model):
    """Wording officials reuse ({name} becomes the asker's name). No agency: for everyone."""

    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))
    topic = models.ForeignKey(
        QuestionTopic, verbose_name=_("topic"), null=True, blank=True, on_delete=models.CASCADE
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")

    def __str__(self) -> str:
        return self.title
