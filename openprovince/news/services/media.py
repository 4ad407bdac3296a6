"""Pictures and attached files of an article (officials only; public once published)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from openprovince.core.content_versions import content_version_bump
from openprovince.core.errors import AppError
from openprovince.core.text import clean_line
from openprovince.core.uploads.kinds import MB, UploadKind
from openprovince.core.uploads.process import Readable, upload_process
from openprovince.core.uploads.storage import upload_save, uploads_delete

from ..images import news_image_process, news_image_store
from ..models import Article, ArticleAttachment, ArticleImage
from ..names import NAMESPACE
from ..rules import may_edit
from .articles import article_audit, article_denied

MAX_IMAGES = 10
MAX_ATTACHMENTS = 10
ATTACHMENT = UploadKind("news attachment", 15 * MB, {"pdf"})


def _check(user: Any, article: Article) -> None:
    if not may_edit(user, article):
        raise article_denied()


def _changed(article: Article, action: str, user: Any, request: HttpRequest | None) -> None:
    if article.status == Article.Status.PUBLISHED:
        content_version_bump(namespace=NAMESPACE)
    article_audit(action, article, user, request)


def article_image_add(
    *,
    user: Any,
    article: Article,
    data: bytes | Readable,
    filename: str,
    alt: str,
    request: HttpRequest | None = None,
) -> ArticleImage:
    """Resize to WebP widths plus a fallback, store, and add at the end of the pictures."""
    _check(user, article)
    count = ArticleImage.objects.filter(article=article).count()
    if count >= MAX_IMAGES:
        raise AppError("news.too_many_images", _("An article may have at most 10 pictures."))
    raw = data if isinstance(data, bytes) else data.read(16 * MB)
    stored = news_image_store(files=news_image_process(data=raw, filename=filename))
    with transaction.atomic():
        image = ArticleImage.objects.create(
            article=article,
            alt=clean_line(alt, max_length=200),
            width=stored.width,
            height=stored.height,
            fallback_name=stored.fallback_name,
            fallback_type=stored.fallback_type,
            variants=stored.variants,
            order=count,
        )
        _changed(article, "image_add", user, request)
    return image


def article_image_remove(
    *, user: Any, image: ArticleImage, request: HttpRequest | None = None
) -> None:
    _remove(user, image, image.stored_files(), "image_remove", request)


def _remove(
    user: Any,
    item: ArticleImage | ArticleAttachment,
    names: list[str],
    action: str,
    request: HttpRequest | None,
) -> None:
    """Delete a picture or file of an article; its stored files go once that is committed."""
    article = item.article
    _check(user, article)
    with transaction.atomic():
        item.delete()
        _changed(article, action, user, request)
        transaction.on_commit(lambda: uploads_delete(names))


def article_attachment_add(
    *,
    user: Any,
    article: Article,
    data: bytes | Readable,
    filename: str,
    title: str,
    request: HttpRequest | None = None,
) -> ArticleAttachment:
    """A PDF (checked and cleaned of active content by the uploads pipeline)."""
    _check(user, article)
    if ArticleAttachment.objects.filter(article=article).count() >= MAX_ATTACHMENTS:
        raise AppError("news.too_many_files", _("An article may have at most 10 attached files."))
    processed = upload_process(data=data, filename=filename, kind=ATTACHMENT)
    name, _thumb = upload_save(processed=processed, prefix="news/files")
    with transaction.atomic():
        attachment = ArticleAttachment.objects.create(
            article=article,
            title=clean_line(title, max_length=200) or processed.original_name or _("Document"),
            name=name,
            content_type=processed.content_type,
            size=len(processed.content),
        )
        _changed(article, "file_add", user, request)
    return attachment


def article_attachment_remove(
    *, user: Any, attachment: ArticleAttachment, request: HttpRequest | None = None
) -> None:
    _remove(user, attachment, [attachment.name], "file_remove", request)
