"""The officials' pages: write, fix errors, send for approval, approve, upload, settings."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from openprovince.news.models import Article, NewsAreaFollow
from openprovince.news.services.broadcast import article_broadcast
from tests.conftest import sign_in_official
from tests.core.uploads_helpers import encode, halves

from .conftest import PROVINCE_OFFICE, TAN_NINH, article_data, official

pytestmark = pytest.mark.django_db


def test_given_a_writer_when_the_form_has_errors_then_400_with_the_fields_marked(
    client: Client, province_writer: Any
) -> None:
    sign_in_official(client, province_writer)
    response = client.post(
        "/office/news/new", {**article_data(title="ab"), "agency": PROVINCE_OFFICE}
    )
    assert response.status_code == 400
    assert 'id="e-title"' in response.content.decode()
    assert not Article.objects.exists()


def test_given_a_writer_and_an_approver_then_the_article_goes_through_the_pages(
    client: Client, province_writer: Any, province_approver: Any
) -> None:
    sign_in_official(client, province_writer)
    response = client.post(
        "/office/news/new", {**article_data(title="Tin từ văn phòng"), "agency": PROVINCE_OFFICE}
    )
    article = Article.objects.get()
    assert response["Location"] == f"/office/news/{article.public_id}/"
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="draft"' in page and "/do/submit" in page and "/do/publish" not in page
    client.post(f"/office/news/{article.public_id}/do/submit")
    client.post(f"/office/news/{article.public_id}/do/publish")  # not theirs to do
    assert Article.objects.get().status == Article.Status.PENDING
    sign_in_official(client, province_approver)
    assert article.title in client.get("/office/news/").content.decode()
    client.post(f"/office/news/{article.public_id}/do/publish")
    assert Article.objects.get().status == Article.Status.PUBLISHED
    assert client.get(f"/news/{article.public_id}/").status_code == 200


def test_given_an_official_of_another_agency_then_the_article_is_not_found(
    client: Client, province_writer: Any, ward_approver: Any
) -> None:
    sign_in_official(client, province_writer)
    client.post("/office/news/new", {**article_data(), "agency": PROVINCE_OFFICE})
    article = Article.objects.get()
    sign_in_official(client, ward_approver)
    assert client.get(f"/office/news/{article.public_id}/").status_code == 404
    assert client.post(f"/office/news/{article.public_id}/do/publish").status_code == 404


def test_given_a_citizen_then_the_office_news_is_refused(
    client: Client, django_user_model: Any, categories: None
) -> None:
    person = django_user_model.objects.create_user("dan", password="x" * 12)
    client.force_login(person)
    assert client.get("/office/news/").status_code in (302, 403)


def test_given_an_editor_when_uploading_a_picture_and_a_non_image_then_one_is_kept(
    client: Client, publish: Any, province_approver: Any
) -> None:
    article = publish(title="Ảnh hội thao")
    sign_in_official(client, province_approver)
    from django.core.files.uploadedfile import SimpleUploadedFile

    good = SimpleUploadedFile("a.jpg", encode(halves(size=(800, 600)), "JPEG"), "image/jpeg")
    client.post(f"/office/news/{article.public_id}/images", {"image": good, "alt": "Sân vận động"})
    bad = SimpleUploadedFile("b.jpg", b"<html>not an image</html>", "image/jpeg")
    response = client.post(f"/office/news/{article.public_id}/images", {"image": bad}, follow=True)
    assert article.images.count() == 1
    assert '<p class="notice bad" role="status">' in response.content.decode()


def test_given_an_agency_admin_then_approval_can_be_turned_off(
    client: Client, django_user_model: Any, province_writer: Any
) -> None:
    admin = official(django_user_model, "quantri", PROVINCE_OFFICE, "agency_admin")
    sign_in_official(client, admin)
    client.post("/office/news/settings", {"agency": PROVINCE_OFFICE, "required": "0"})
    sign_in_official(client, province_writer)
    client.post("/office/news/new", {**article_data(), "agency": PROVINCE_OFFICE})
    article = Article.objects.get()
    client.post(f"/office/news/{article.public_id}/do/publish")
    assert Article.objects.get().status == Article.Status.PUBLISHED


def test_given_an_urgent_notice_then_its_page_shows_delivery_figures(
    client: Client, publish: Any, ward_approver: Any, django_user_model: Any
) -> None:
    from openprovince.agencies.models import Agency

    person = django_user_model.objects.create_user("dan", password="x" * 12, phone="+84912000333")
    NewsAreaFollow.objects.create(user=person, agency=Agency.objects.get(code=TAN_NINH))
    article = publish(ward=TAN_NINH, title="Khẩn: sạt lở bờ kênh", is_urgent="1")
    article_broadcast(article_id=article.pk)
    sign_in_official(client, ward_approver)
    page = client.get(f"/office/news/{article.public_id}/").content.decode()
    assert '<dd data-stat="recipients">1</dd>' in page


def test_given_an_editor_then_files_and_pictures_are_added_and_removed(
    client: Client, publish: Any, province_approver: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_pages import PDF

    article = publish(title="Văn bản và ảnh")
    sign_in_official(client, province_approver)
    base = f"/office/news/{article.public_id}"
    pdf = SimpleUploadedFile("qd.pdf", PDF, "application/pdf")
    client.post(f"{base}/files", {"file": pdf, "title": "Quyết định số 1"})
    found = article.attachments.get()
    assert found.title == "Quyết định số 1"
    picture = SimpleUploadedFile("a.png", encode(halves(size=(500, 300)), "PNG"), "image/png")
    client.post(f"{base}/images", {"image": picture})
    image = article.images.get()
    client.post(f"{base}/files/{found.public_id}/remove")
    client.post(f"{base}/images/{image.public_id}/remove")
    assert not article.attachments.exists() and not article.images.exists()
    assert client.post(f"{base}/videos", {}).status_code == 404
