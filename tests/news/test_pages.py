"""The public pages (article, plain text, Open Graph, read aloud, files) and the feeds."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from openprovince.agencies.models import Agency
from openprovince.news.services.articles import article_create
from openprovince.news.services.media import article_attachment_add, article_image_add
from tests.core.uploads_helpers import encode, halves

from .conftest import GO_DAU, PROVINCE_OFFICE, TAN_NINH, article_data

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_given_an_article_then_its_page_has_open_graph_read_aloud_and_clean_body(
    client: Client, publish: Any
) -> None:
    article = publish(
        title="Khai trương chợ đêm",
        body='<p onclick="x()">Chợ mở <a href="javascript:alert(1)">tối nay</a>.</p>'
        "<script>bad()</script>",
    )
    page = client.get(f"/news/{article.public_id}/").content.decode()
    assert '<meta property="og:title" content="Khai trương chợ đêm">' in page
    assert f'<meta property="og:url" content="http://testserver/news/{article.public_id}/">' in page
    assert 'property="og:description"' in page and 'og:locale" content="vi_VN"' in page
    assert "data-speak hidden" in page and "news/speak.js" in page
    assert "bad()" not in page and "onclick" not in page and "javascript:" not in page
    assert "Chợ mở" in page


def test_given_an_article_then_the_plain_view_has_only_its_words(
    client: Client, publish: Any
) -> None:
    article = publish(
        title="Thông báo tiêm chủng", body="<h2>Lịch</h2><ul><li>Sáng thứ hai</li></ul>"
    )
    response = client.get(f"/news/{article.public_id}/text")
    page = response.content.decode()
    assert response.status_code == 200
    assert "• Sáng thứ hai" in page and "<script" not in page and "<img" not in page
    assert len(response.content) < 3000


def test_given_a_draft_then_guests_get_404_and_its_officials_a_preview(
    client: Client, province_writer: Any
) -> None:
    from tests.conftest import sign_in_official

    article = article_create(
        user=province_writer, agency=Agency.objects.get(code=PROVINCE_OFFICE), data=article_data()
    )
    assert client.get(f"/news/{article.public_id}/").status_code == 404
    sign_in_official(client, province_writer)
    page = client.get(f"/news/{article.public_id}/").content.decode()
    assert 'name="robots" content="noindex"' in page


def test_given_a_picture_then_webp_srcset_and_fallback_are_served_publicly(
    client: Client, publish: Any, province_approver: Any
) -> None:
    article = publish(title="Ảnh lễ hội")
    image = article_image_add(
        user=province_approver,
        article=article,
        data=encode(halves(size=(1600, 900)), "JPEG"),
        filename="le-hoi.jpg",
        alt="Người dân xem múa lân",
    )
    page = client.get(f"/news/{article.public_id}/").content.decode()
    assert f"/news/images/{image.public_id}/480.webp 480w" in page
    assert f"/news/images/{image.public_id}/960.webp 960w" in page
    assert 'alt="Người dân xem múa lân"' in page
    assert f'og:image" content="http://testserver/news/images/{image.public_id}/fallback"' in page
    webp = client.get(f"/news/images/{image.public_id}/960.webp")
    assert webp["Content-Type"] == "image/webp" and "public" in webp["Cache-Control"]
    fallback = client.get(f"/news/images/{image.public_id}/fallback")
    assert fallback["Content-Type"] == "image/jpeg"
    assert client.get(f"/news/images/{image.public_id}/1234.webp").status_code == 404


def test_given_an_attachment_then_it_downloads_as_pdf(
    client: Client, publish: Any, province_approver: Any
) -> None:
    article = publish(title="Văn bản kèm theo")
    found = article_attachment_add(
        user=province_approver, article=article, data=PDF, filename="qd.pdf", title="Quyết định"
    )
    response = client.get(f"/news/{article.public_id}/files/{found.public_id}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]


def test_given_news_then_rss_parses_with_items_for_the_area(client: Client, publish: Any) -> None:
    publish(title="Tin toàn tỉnh cho RSS")
    publish(ward=TAN_NINH, title="Tin phường Tân Ninh cho RSS")
    root = ET.fromstring(client.get(f"/news/rss?area={TAN_NINH}").content)  # noqa: S314 - our own output
    assert root.tag == "rss" and root.attrib["version"] == "2.0"
    titles = {i.findtext("title") for i in root.iter("item")}
    assert titles == {"Tin toàn tỉnh cho RSS", "Tin phường Tân Ninh cho RSS"}
    item = next(root.iter("item"))
    assert item.findtext("link", "").startswith("http://testserver/news/")
    assert item.findtext("pubDate")
    other = ET.fromstring(client.get(f"/news/rss?area={GO_DAU}").content)  # noqa: S314 - our own output
    assert {i.findtext("title") for i in other.iter("item")} == {"Tin toàn tỉnh cho RSS"}


def test_given_news_then_atom_parses_and_filters_by_category(client: Client, publish: Any) -> None:
    publish(title="Tin y tế cho Atom", category="y-te")
    publish(title="Tin giáo dục cho Atom", category="giao-duc")
    response = client.get("/news/atom?category=y-te")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Tin y tế cho Atom"]
    assert (
        entries[0].find(f"{ATOM}updated") is not None and entries[0].find(f"{ATOM}id") is not None
    )


def test_given_an_unknown_feed_filter_then_404(client: Client, categories: None) -> None:
    assert client.get("/news/rss?area=KHONGCO").status_code == 404
    assert client.get("/news/atom?category=khong-co").status_code == 404


def test_given_a_signed_in_citizen_when_choosing_an_area_with_alerts_then_followed(
    client: Client, demo_province: Any, categories: None, django_user_model: Any
) -> None:
    person = django_user_model.objects.create_user("dan", password="x" * 12, phone="+84912000222")
    client.force_login(person)
    response = client.post("/news/area", {"area": TAN_NINH, "alerts": "1"})
    assert response.status_code == 302 and response.cookies["area"].value == TAN_NINH
    assert list(person.news_follows.values_list("agency__code", flat=True)) == [TAN_NINH]
    page = client.get("/news/").content.decode()
    assert "Phường Tân Ninh" in page
    client.post("/news/area/stop", {"area": TAN_NINH})
    assert not person.news_follows.exists()


def test_given_a_guest_when_following_then_sent_to_sign_in(
    client: Client, categories: None
) -> None:
    response = client.post("/news/area", {"area": TAN_NINH, "alerts": "1"})
    assert response.status_code == 302 and "/signin/" in response["Location"]
