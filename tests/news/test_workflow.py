"""Writing, approval, publishing and taking down; revisions and the audit trail."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from openprovince.agencies.models import Agency
from openprovince.core.errors import AppError, PermissionDenied
from openprovince.core.models import AuditEvent
from openprovince.news.models import Article, ArticleRevision
from openprovince.news.selectors import article_public
from openprovince.news.services.articles import (
    article_create,
    article_delete,
    article_publish,
    article_return,
    article_submit,
    article_update,
    article_withdraw,
    news_approval_set,
)
from openprovince.news.services.media import article_attachment_add, article_image_add
from tests.core.uploads_helpers import encode, halves
from tests.reports.conftest import stored_files

from .conftest import GO_DAU, PROVINCE_OFFICE, TAN_NINH, article_data, official
from .test_pages import PDF

pytestmark = pytest.mark.django_db
Status = Article.Status


def _draft(user: Any, code: str = PROVINCE_OFFICE, **overrides: Any) -> Article:
    return article_create(
        user=user, agency=Agency.objects.get(code=code), data=article_data(**overrides)
    )


def test_given_approval_needed_when_a_writer_submits_then_only_an_approver_publishes(
    province_writer: Any, province_approver: Any
) -> None:
    article = _draft(province_writer)
    assert article.status == Status.DRAFT and article_public(article.public_id) is None
    with pytest.raises(PermissionDenied):
        article_publish(user=province_writer, article=article)
    article = article_submit(user=province_writer, article=article)
    assert article.status == Status.PENDING
    article = article_publish(user=province_approver, article=article)
    assert article.status == Status.PUBLISHED
    assert article.approved_by == province_approver
    assert article_public(article.public_id) is not None
    actions = list(
        AuditEvent.objects.filter(target_id=article.public_id).values_list("action", flat=True)
    )
    assert {"news.create", "news.submit", "news.publish"} <= set(actions)


def test_given_a_pending_article_when_the_approver_sends_it_back_then_the_writer_sees_why(
    province_writer: Any, province_approver: Any
) -> None:
    article = article_submit(user=province_writer, article=_draft(province_writer))
    with pytest.raises(AppError) as empty:
        article_return(user=province_approver, article=article, note="  ")
    assert empty.value.code == "news.note_required"
    article = article_return(user=province_approver, article=article, note="Thiếu giờ cắt điện")
    assert (article.status, article.return_note) == (Status.RETURNED, "Thiếu giờ cắt điện")
    article = article_update(
        user=province_writer, article=article, data=article_data(title="Lịch cắt điện 7h–11h")
    )
    article = article_submit(user=province_writer, article=article)
    assert article.status == Status.PENDING and article.return_note == ""


def test_given_approval_turned_off_when_a_writer_publishes_then_it_shows(
    django_user_model: Any, province_writer: Any
) -> None:
    admin = official(django_user_model, "quantri", PROVINCE_OFFICE, "agency_admin")
    agency = Agency.objects.get(code=PROVINCE_OFFICE)
    with pytest.raises(PermissionDenied):
        news_approval_set(user=province_writer, agency=agency, required=False)
    news_approval_set(user=admin, agency=agency, required=False)
    article = article_publish(user=province_writer, article=_draft(province_writer))
    assert article.status == Status.PUBLISHED


def test_given_an_official_of_another_agency_when_they_act_then_they_are_refused(
    province_writer: Any, ward_approver: Any
) -> None:
    article = article_submit(user=province_writer, article=_draft(province_writer))
    with pytest.raises(PermissionDenied):
        article_publish(user=ward_approver, article=article)
    with pytest.raises(PermissionDenied):
        _draft(ward_approver)  # a ward official writes for the ward, not the province office


def test_given_every_save_then_a_revision_is_kept(
    province_writer: Any, province_approver: Any
) -> None:
    article = _draft(province_writer)
    article = article_update(
        user=province_writer, article=article, data=article_data(title="Bản thứ hai")
    )
    article = article_publish(user=province_approver, article=article)
    article = article_update(
        user=province_approver, article=article, data=article_data(title="Bản thứ ba")
    )
    titles = list(ArticleRevision.objects.filter(article=article).values_list("number", "title"))
    assert titles == [(3, "Bản thứ ba"), (2, "Bản thứ hai"), (1, "Lịch cắt điện ngày 5/12")]
    assert article.status == Status.PUBLISHED  # a publisher's edit shows at once


def test_given_a_published_article_when_a_writer_without_approval_edits_then_refused(
    province_writer: Any, province_approver: Any
) -> None:
    article = article_publish(user=province_approver, article=_draft(province_writer))
    with pytest.raises(PermissionDenied):
        article_update(user=province_writer, article=article, data=article_data(title="Sửa lén"))


def test_given_a_published_article_when_taken_down_then_hidden_and_editable_again(
    province_writer: Any, province_approver: Any
) -> None:
    article = article_publish(user=province_approver, article=_draft(province_writer))
    article = article_withdraw(user=province_approver, article=article)
    assert article_public(article.public_id) is None
    with pytest.raises(AppError) as again:
        article_withdraw(user=province_approver, article=article)
    assert again.value.code == "news.wrong_state" and again.value.status == 409
    article = article_update(user=province_writer, article=article, data=article_data())
    assert article.status == Status.DRAFT
    with pytest.raises(AppError):  # it was published once: it stays on record
        article_delete(user=province_writer, article=article)


def test_given_a_draft_when_deleted_then_gone_with_its_pictures_and_files(
    province_writer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    article = _draft(province_writer)
    before = stored_files()
    picture = encode(halves(size=(1000, 600)), "JPEG")
    image = article_image_add(
        user=province_writer, article=article, alt="Chợ", data=picture, filename="cho.jpg"
    )
    article_attachment_add(
        user=province_writer, article=article, data=PDF, filename="qd.pdf", title="Quyết định"
    )
    added = stored_files() - before
    assert len(added) == len(image.variants) + 2  # WebP widths, the fallback, the PDF
    with django_capture_on_commit_callbacks(execute=True):
        article_delete(user=province_writer, article=article)
    assert not Article.objects.filter(pk=article.pk).exists()
    assert stored_files() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "abc"}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"summary": "", "body": "<script>alert(1)</script>"}, "body"),
        ({"category": "khong-co"}, "category"),
        ({"whole_province": "", "areas": []}, "areas"),
        ({"whole_province": "", "areas": ["TN.SYT"]}, "areas"),  # a department, not an area
        ({"publish_at": "ngày mai"}, "publish_at"),
        ({"publish_at": "2030-01-02T08:00", "expires_at": "2030-01-01T08:00"}, "expires_at"),
    ],
)
def test_given_bad_input_when_saving_then_the_field_is_named(
    province_writer: Any, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(AppError) as error:
        _draft(province_writer, **overrides)
    assert error.value.code == "news.invalid"
    assert field in error.value.fields


def test_given_a_ward_when_it_targets_the_province_or_another_ward_then_refused(
    ward_approver: Any,
) -> None:
    with pytest.raises(AppError) as province:
        _draft(ward_approver, TAN_NINH)
    assert "whole_province" in province.value.fields
    with pytest.raises(AppError) as other:
        _draft(ward_approver, TAN_NINH, whole_province="", areas=[GO_DAU])
    assert "areas" in other.value.fields
    article = _draft(ward_approver, TAN_NINH, whole_province="", areas=[TAN_NINH])
    assert [a.code for a in article.areas.all()] == [TAN_NINH]


def test_given_an_end_already_past_when_publishing_then_refused(
    province_writer: Any, province_approver: Any
) -> None:
    article = _draft(province_writer)
    Article.objects.filter(pk=article.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(AppError) as error:
        article_publish(user=province_approver, article=article)
    assert error.value.code == "news.expired"


def test_given_a_time_in_the_past_when_publishing_then_it_shows_from_now(
    province_writer: Any, province_approver: Any
) -> None:
    article = _draft(province_writer, publish_at="2020-01-01T08:00")
    before = timezone.now()
    article = article_publish(user=province_approver, article=article)
    assert article.publish_at is not None and article.publish_at >= before
