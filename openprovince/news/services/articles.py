"""Writing and publishing articles: every change locks the row, checks role and state, keeps
a revision, and is audited. Public pages change through the "news" content version; the
search index follows what is published."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.accounts.rules import can_manage_roles
from openprovince.agencies.models import Agency
from openprovince.core.audit import audit_record
from openprovince.core.content_versions import content_version_bump
from openprovince.core.errors import AppError, PermissionDenied
from openprovince.core.uploads import uploads_delete
from openprovince.fulltext.services import fulltext_index, fulltext_remove

from ..models import AgencyNewsSetting, Article, ArticleRevision
from ..names import FULLTEXT_KIND, NAMESPACE
from ..rules import may_edit, may_publish, may_write
from .broadcast import broadcast_soon
from .validation import ArticleInput, article_input_clean

Status = Article.Status


def article_denied() -> PermissionDenied:
    return PermissionDenied("news.forbidden", _("You may not do this for this agency."))


def _wrong_state() -> AppError:
    return AppError(
        "news.wrong_state", _("This article has changed meanwhile; reload the page."), status=409
    )


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().select_related("agency__type").get(pk=article.pk)


def article_audit(
    action: str, article: Article, user: Any, request: HttpRequest | None, **details: Any
) -> None:
    audit_record(
        action=f"news.{action}",
        request=request,
        actor=user,
        target_type="news.article",
        target_id=article.public_id,
        agency_code=article.agency.code,
        details={"revision": article.revision, **details},
    )


def _apply(article: Article, data: ArticleInput, user: Any) -> None:
    article.title = data.title
    article.summary = data.summary
    article.body_html = data.body_html
    article.body_text = data.body_text
    article.category = data.category
    article.whole_province = data.whole_province
    article.is_urgent = data.is_urgent
    article.is_pinned = data.is_pinned
    article.publish_at = data.publish_at
    article.expires_at = data.expires_at
    article.revision += 1
    article.save()
    article.areas.set([] if data.whole_province else data.areas)
    ArticleRevision.objects.create(
        article=article,
        number=article.revision,
        title=article.title,
        summary=article.summary,
        body_html=article.body_html,
        editor=user,
    )


def article_create(
    *, user: Any, agency: Agency, data: Mapping[str, object], request: HttpRequest | None = None
) -> Article:
    """A new draft of `agency`, written by `user` (a handler or higher there)."""
    if not may_write(user, agency):
        raise article_denied()
    cleaned = article_input_clean(data=data, agency=agency)
    with transaction.atomic():
        article = Article(agency=agency, author=user, category=cleaned.category)
        _apply(article, cleaned, user)
        article_audit("create", article, user, request)
    return article


def article_update(
    *, user: Any, article: Article, data: Mapping[str, object], request: HttpRequest | None = None
) -> Article:
    """Save new text; a published article changes at once (and only by someone who may
    publish), a withdrawn one becomes a draft again."""
    with transaction.atomic():
        article = _locked(article)
        if not may_edit(user, article):
            raise article_denied()
        cleaned = article_input_clean(data=data, agency=article.agency)
        if article.status == Status.WITHDRAWN:
            article.status = Status.DRAFT
        _apply(article, cleaned, user)
        if article.status == Status.PUBLISHED:
            _published_changed(article)
        article_audit("update", article, user, request)
    return article


def article_submit(*, user: Any, article: Article, request: HttpRequest | None = None) -> Article:
    """Ask the agency's approvers to publish it."""
    with transaction.atomic():
        article = _locked(article)
        if not may_write(user, article.agency):
            raise article_denied()
        if article.status not in (Status.DRAFT, Status.RETURNED):
            raise _wrong_state()
        article.status = Status.PENDING
        article.return_note = ""
        article.save(update_fields=["status", "return_note", "updated_at"])
        article_audit("submit", article, user, request)
    return article


def article_publish(*, user: Any, article: Article, request: HttpRequest | None = None) -> Article:
    """Approve and publish: now, or at the article's publish time if that is later. An urgent
    article is sent to the followers of its area once it shows (news.tasks)."""
    with transaction.atomic():
        article = _locked(article)
        if not may_publish(user, article.agency):
            raise article_denied()
        if article.status not in (Status.DRAFT, Status.RETURNED, Status.PENDING):
            raise _wrong_state()
        now = timezone.now()
        if article.expires_at is not None and article.expires_at <= now:
            raise AppError(
                "news.expired",
                _("This article would end before it shows; change its end date first."),
                fields={"expires_at": [_("The end must come after the publishing time.")]},
            )
        article.status = Status.PUBLISHED
        article.publish_at = max(article.publish_at or now, now)
        article.approved_by = user
        article.approved_at = now
        article.return_note = ""
        article.save()
        _published_changed(article)
        article_audit("publish", article, user, request, scheduled=article.publish_at > now)
        if article.is_urgent and article.publish_at <= now:
            broadcast_soon(article)
    return article


def article_return(
    *, user: Any, article: Article, note: str, request: HttpRequest | None = None
) -> Article:
    """Send a waiting article back to its writers with what to change."""
    note = " ".join(note.split())[:500]
    if not note:
        raise AppError(
            "news.note_required",
            _("Say what should change."),
            fields={"note": [_("Say what should change.")]},
        )
    with transaction.atomic():
        article = _locked(article)
        if not may_publish(user, article.agency):
            raise article_denied()
        if article.status != Status.PENDING:
            raise _wrong_state()
        article.status = Status.RETURNED
        article.return_note = note
        article.save(update_fields=["status", "return_note", "updated_at"])
        article_audit("return", article, user, request)
    return article


def article_withdraw(*, user: Any, article: Article, request: HttpRequest | None = None) -> Article:
    """Take a published article down (it can be edited and published again)."""
    with transaction.atomic():
        article = _locked(article)
        if not may_publish(user, article.agency):
            raise article_denied()
        if article.status != Status.PUBLISHED:
            raise _wrong_state()
        article.status = Status.WITHDRAWN
        article.save(update_fields=["status", "updated_at"])
        fulltext_remove(kind=FULLTEXT_KIND, key=article.public_id)
        content_version_bump(namespace=NAMESPACE)
        article_audit("withdraw", article, user, request)
    return article


def article_delete(*, user: Any, article: Article, request: HttpRequest | None = None) -> None:
    """Delete a draft that was never published (published ones are taken down instead)."""
    with transaction.atomic():
        article = _locked(article)
        if not may_write(user, article.agency):
            raise article_denied()
        if article.status not in (Status.DRAFT, Status.RETURNED) or article.approved_at:
            raise _wrong_state()
        article_audit("delete", article, user, request)
        files = article.stored_files()
        article.delete()
        transaction.on_commit(partial(uploads_delete, files))


def news_approval_set(
    *, user: Any, agency: Agency, required: bool, request: HttpRequest | None = None
) -> None:
    """An agency admin decides whether the agency's articles need an approver."""
    if not can_manage_roles(user, agency):
        raise article_denied()
    with transaction.atomic():
        AgencyNewsSetting.objects.update_or_create(
            agency=agency, defaults={"requires_approval": required}
        )
        audit_record(
            action="news.approval_setting",
            request=request,
            actor=user,
            target=agency,
            agency_code=agency.code,
            details={"requires_approval": required},
        )


def _published_changed(article: Article) -> None:
    fulltext_index(
        kind=FULLTEXT_KIND,
        key=article.public_id,
        title=article.title,
        text=f"{article.summary}\n{article.body_text}",
    )
    content_version_bump(namespace=NAMESPACE)
