"""`/office/news/`: officials write, approve, publish and take down news of their agencies,
add pictures and files, see revisions and how an urgent notice was delivered."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from openprovince.accounts.current import request_user
from openprovince.accounts.rules import agencies_visible_to, can_view
from openprovince.core.access import official_required
from openprovince.core.errors import AppError
from openprovince.office.views import office_render

from .models import Article, ArticleAttachment, ArticleImage
from .rules import (
    agencies_writable,
    areas_reachable,
    is_local,
    may_edit,
    may_publish,
    may_write,
    requires_approval,
    writes_news,
)
from .selectors import categories_active
from .services import articles as service
from .services import media
from .services.broadcast import broadcast_stats

ACTIVE = "news"
Status = Article.Status


def _article(request: HttpRequest, public_id: str) -> Article:
    article = (
        Article.objects.select_related("agency__type", "category", "author", "approved_by")
        .filter(public_id=public_id)
        .first()
    )
    if article is None or not can_view(request.user, article.agency):
        raise Http404
    return article


def _local(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""


def _form_values(request: HttpRequest) -> dict[str, object]:
    post = request.POST
    values: dict[str, object] = {
        k: post.get(k, "")
        for k in (
            "title",
            "summary",
            "body",
            "category",
            "publish_at",
            "expires_at",
            "whole_province",
            "is_urgent",
            "is_pinned",
        )
    }
    values["areas"] = post.getlist("areas")
    return values


def _article_values(article: Article) -> dict[str, object]:
    return {
        "title": article.title,
        "summary": article.summary,
        "body": article.body_html,
        "category": article.category.code,
        "publish_at": _local(article.publish_at),
        "expires_at": _local(article.expires_at),
        "whole_province": "1" if article.whole_province else "",
        "is_urgent": "1" if article.is_urgent else "",
        "is_pinned": "1" if article.is_pinned else "",
        "areas": [a.code for a in article.areas.all()],
    }


def _form_context(
    agency: Any, values: dict[str, object], errors: dict[str, list[str]]
) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors,
        "categories": categories_active(),
        "reachable": areas_reachable(agency).only("code", "name"),
        "province_wide": not is_local(agency),
    }


@official_required(writes_news, name="news_writer")
def index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    rows = Article.objects.filter(agency__in=agencies_visible_to(request.user)).select_related(
        "agency", "category"
    )
    if status in Status.values:
        rows = rows.filter(status=status)
    user = request.user
    pending = (
        [a for a in rows.filter(status=Status.PENDING)[:50] if may_publish(user, a.agency)]
        if status in ("", Status.PENDING)
        else []
    )
    context = {
        "articles": rows.order_by("-updated_at")[:100],
        "pending": pending,
        "status": status,
        "statuses": Status.choices,
        "settings_agencies": agencies_visible_to(user, min_role="agency_admin").exists(),
    }
    return office_render(request, "news/office_index.html", context, ACTIVE)


@official_required(writes_news, name="news_writer")
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    agencies = list(agencies_writable(request.user)[:500])
    code = (
        request.POST.get("agency")
        or request.GET.get("agency")
        or (agencies[0].code if agencies else "")
    )
    agency = next((a for a in agencies if a.code == code), None)
    if agency is None:
        raise Http404
    values: dict[str, object] = {"whole_province": "" if is_local(agency) else "1"}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = _form_values(request)
        try:
            article = service.article_create(
                user=request_user(request), agency=agency, data=values, request=request
            )
        except AppError as exc:
            errors = exc.fields
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Draft saved."))
            return redirect(reverse("office:news_edit", args=[article.public_id]))
    context = {"agency": agency, "agencies": agencies, **_form_context(agency, values, errors)}
    status = 400 if errors else 200
    return office_render(request, "news/office_form.html", context, ACTIVE, status=status)


@official_required(writes_news, name="news_writer")
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, public_id: str) -> HttpResponse:
    article = _article(request, public_id)
    user = request_user(request)
    values = _article_values(article)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = _form_values(request)
        try:
            article = service.article_update(
                user=user, article=article, data=values, request=request
            )
        except AppError as exc:
            errors = exc.fields
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("office:news_edit", args=[article.public_id]))
    context = {
        "article": article,
        "agency": article.agency,
        "can_edit": may_edit(user, article),
        "can_write": may_write(user, article.agency),
        "can_publish": may_publish(user, article.agency),
        "needs_approval": requires_approval(article.agency),
        "revisions": article.revisions.select_related("editor")[:20],
        "images": article.images.all(),
        "attachments": article.attachments.all(),
        "stats": broadcast_stats(article) if article.is_urgent else None,
        "now": timezone.now(),
        **_form_context(article.agency, values, errors),
    }
    status = 400 if errors else 200
    return office_render(request, "news/office_article.html", context, ACTIVE, status=status)


ACTIONS = {
    "submit": (service.article_submit, gettext_lazy("Sent for approval.")),
    "publish": (service.article_publish, gettext_lazy("Published.")),
    "withdraw": (service.article_withdraw, gettext_lazy("Taken down.")),
}


@official_required(writes_news, name="news_writer")
@require_POST
def action(request: HttpRequest, public_id: str, name: str) -> HttpResponse:
    article = _article(request, public_id)
    user = request_user(request)
    target = reverse("office:news_edit", args=[public_id])
    try:
        if name == "return":
            service.article_return(
                user=user, article=article, note=request.POST.get("note", ""), request=request
            )
            messages.success(request, _("Sent back to the writers."))
        elif name == "delete":
            service.article_delete(user=user, article=article, request=request)
            messages.success(request, _("Draft deleted."))
            return redirect(reverse("office:news"))
        elif name in ACTIONS:
            func, done = ACTIONS[name]
            func(user=user, article=article, request=request)
            messages.success(request, str(done))
        else:
            raise Http404
    except AppError as exc:
        messages.error(request, exc.message)
    return redirect(target)


def _image_add(request: HttpRequest, article: Article, upload: Any) -> None:
    media.article_image_add(
        user=request_user(request),
        article=article,
        data=upload,
        filename=upload.name or "",
        alt=request.POST.get("alt", ""),
        request=request,
    )


def _file_add(request: HttpRequest, article: Article, upload: Any) -> None:
    media.article_attachment_add(
        user=request_user(request),
        article=article,
        data=upload,
        filename=upload.name or "",
        title=request.POST.get("title", ""),
        request=request,
    )


def _image_remove(request: HttpRequest, article: Article, item_id: str) -> None:
    image = ArticleImage.objects.filter(article=article, public_id=item_id).first()
    if image is None:
        raise Http404
    media.article_image_remove(user=request_user(request), image=image, request=request)


def _file_remove(request: HttpRequest, article: Article, item_id: str) -> None:
    found = ArticleAttachment.objects.filter(article=article, public_id=item_id).first()
    if found is None:
        raise Http404
    media.article_attachment_remove(user=request_user(request), attachment=found, request=request)


# kind in the URL → (form field, add, remove, "choose one", added, removed)
MEDIA = {
    "images": (
        "image",
        _image_add,
        _image_remove,
        gettext_lazy("Choose a picture."),
        gettext_lazy("Picture added."),
        gettext_lazy("Picture removed."),
    ),
    "files": (
        "file",
        _file_add,
        _file_remove,
        gettext_lazy("Choose a PDF file."),
        gettext_lazy("File attached."),
        gettext_lazy("File removed."),
    ),
}


@official_required(writes_news, name="news_writer")
@require_POST
def media_add(request: HttpRequest, public_id: str, kind: str) -> HttpResponse:
    article = _article(request, public_id)
    if kind not in MEDIA:
        raise Http404
    field, add, _remove, missing, added, _removed = MEDIA[kind]
    upload = request.FILES.get(field)
    if upload is None:
        messages.error(request, str(missing))
    else:
        try:
            add(request, article, upload)
            messages.success(request, str(added))
        except AppError as exc:
            messages.error(request, exc.message)
    return redirect(reverse("office:news_edit", args=[public_id]))


@official_required(writes_news, name="news_writer")
@require_POST
def media_remove(request: HttpRequest, public_id: str, kind: str, item_id: str) -> HttpResponse:
    article = _article(request, public_id)
    if kind not in MEDIA:
        raise Http404
    _field, _add, remove, _missing, _added, removed = MEDIA[kind]
    try:
        remove(request, article, item_id)
        messages.success(request, str(removed))
    except AppError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("office:news_edit", args=[public_id]))


@official_required(writes_news, name="news_writer")
@require_http_methods(["GET", "POST"])
def approval_settings(request: HttpRequest) -> HttpResponse:
    """Agency admins choose, per agency, whether articles need an approver."""
    agencies = list(
        agencies_visible_to(request.user, min_role="agency_admin").order_by("name")[:300]
    )
    if request.method == "POST":
        agency = next((a for a in agencies if a.code == request.POST.get("agency")), None)
        if agency is None:
            raise Http404
        try:
            service.news_approval_set(
                user=request_user(request),
                agency=agency,
                required=request.POST.get("required") == "1",
                request=request,
            )
            messages.success(request, _("Saved."))
        except AppError as exc:
            messages.error(request, exc.message)
        return redirect(reverse("office:news_settings"))
    rows = [(a, requires_approval(a)) for a in agencies]
    return office_render(request, "news/office_settings.html", {"rows": rows}, ACTIVE)
