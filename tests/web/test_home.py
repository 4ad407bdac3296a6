import pytest
from django.test import override_settings

from openprovince.web.brand import brand_save
from openprovince.web.models import Brand

pytestmark = pytest.mark.django_db


def test_given_a_guest_when_opening_home_then_vietnamese_page_with_only_built_services(client):
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi"' in page
    assert "Tây Ninh Smart" in page
    assert "Cơ quan, UBND xã/phường" in page  # the agency directory tile
    assert 'href="/agencies/"' in page
    assert 'href="tel:1022"' in page
    # No tiles for services that do not exist yet: every link on the page must resolve.
    import re

    for href in set(re.findall(r'href="(/[^"]*)"', page)):
        if href.startswith("/static/"):
            continue
        response = client.get(href)
        # Pages that need a signed-in person send guests to sign in, and back afterwards.
        signin = response.status_code == 302 and response["Location"] == f"/signin/?next={href}"
        assert response.status_code == 200 or signin, href


def test_given_the_english_choice_when_posted_then_cookie_set_and_pages_in_english(client):
    response = client.post("/prefs", {"lang": "en", "next": "/agencies/"})
    assert response.status_code == 302
    assert response["Location"] == "/agencies/"
    page = client.get("/").content.decode()
    assert '<html lang="en"' in page
    assert "Agencies and ward offices" in page
    client.post("/prefs", {"lang": "vi"})
    assert '<html lang="vi"' in client.get("/").content.decode()


def test_given_large_text_when_chosen_then_kept_for_the_device(client):
    client.post("/prefs", {"text": "large", "next": "/"})
    assert '<html lang="vi" class="lg">' in client.get("/").content.decode()
    assert 'class="lg"' in client.get("/agencies/").content.decode()
    client.post("/prefs", {"text": "normal", "next": "/"})
    assert 'class="lg"' not in client.get("/").content.decode()


@pytest.mark.parametrize("data", [{"lang": "fr"}, {"text": "huge"}])
def test_given_an_unknown_preference_when_posted_then_400(client, data):
    assert client.post("/prefs", data).status_code == 400


def test_given_an_offsite_next_when_setting_preferences_then_redirect_stays_home(client):
    response = client.post("/prefs", {"lang": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_given_an_accept_language_header_when_no_choice_then_still_vietnamese(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi"' in page


def test_given_a_brand_in_the_admin_when_saved_then_every_page_shows_it_at_once(client):
    assert "Tây Ninh Smart" in client.get("/").content.decode()
    brand_save(
        brand=Brand(
            name="Huế-S Mới", province="Thành phố Huế", hotline="1080", primary_color="#7a1f5c"
        )
    )
    page = client.get("/").content.decode()
    assert "Huế-S Mới" in page
    assert "--brand:#7a1f5c" in page
    assert 'href="tel:1080"' in page
    assert client.get("/manifest.webmanifest").json()["name"] == "Huế-S Mới"


def test_given_a_pale_brand_colour_when_validated_then_refused():
    from django.core.exceptions import ValidationError

    brand = Brand(name="X", primary_color="#ffee88")
    with pytest.raises(ValidationError) as err:
        brand.full_clean()
    assert "primary_color" in err.value.message_dict


def test_given_a_diacritic_free_query_when_site_search_then_agencies_are_found(
    client, demo_province
):
    page = client.get("/search", {"q": "ho so dat dai"}).content.decode()
    assert "Sở Nông nghiệp và Môi trường" in page
    assert "Sở Y tế" not in page


def test_given_a_search_for_a_service_name_when_searching_then_its_tile_is_found(client):
    page = client.get("/search", {"q": "CO QUAN"}).content.decode()
    assert 'href="/agencies/"' in page


def test_given_nothing_matches_when_searching_then_a_helpful_message(client, demo_province):
    page = client.get("/search", {"q": "xyzzy"}).content.decode()
    assert "Không tìm thấy kết quả" in page
    assert "xyzzy" in page


def test_given_pwa_files_when_fetched_then_manifest_worker_and_offline_page(client):
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["start_url"].startswith("/")
    assert any(i["sizes"] == "512x512" for i in data["icons"])
    worker = client.get("/sw.js")
    body = worker.content.decode()
    assert worker["Content-Type"].startswith("text/javascript")
    assert '"/offline"' in body
    assert "web/app.css" in body
    offline = client.get("/offline").content.decode()
    assert "Bạn đang mất kết nối mạng" in offline


def test_given_a_site_path_when_asking_for_a_qr_code_then_svg_of_the_absolute_url(client):
    response = client.get("/qr", {"path": "/agencies/"})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content
    assert b"http://testserver/agencies/" in response.content


@override_settings(PUBLIC_BASE_URL="https://dichvucong.tayninh.gov.vn")
def test_given_a_public_base_url_when_qr_then_it_is_used(client):
    assert (
        b"https://dichvucong.tayninh.gov.vn/reports/"
        in client.get("/qr", {"path": "/reports/"}).content
    )


@pytest.mark.parametrize(
    "path",
    [
        "https://evil.example/",
        "//evil.example/",
        "javascript:alert(1)",
        "/\\evil",
        "",
        "/" + "a" * 600,
    ],
)
def test_given_a_foreign_or_bad_path_when_asking_for_a_qr_code_then_400(client, path):
    response = client.get("/qr", {"path": path})
    assert response.status_code == 400
    assert "Mã QR chỉ có thể" in response.content.decode()


def test_given_a_logo_in_the_admin_then_pages_show_it_through_the_app(client):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (32, 32), (11, 87, 164)).save(out, "PNG")
    brand_save(brand=Brand(name="Tỉnh Thử", logo=SimpleUploadedFile("logo.png", out.getvalue())))
    page = client.get("/").content.decode()
    assert '<img src="/brand/logo?v=' in page
    logo = client.get("/brand/logo")
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")


def test_without_a_logo_the_logo_url_is_404(client):
    assert client.get("/brand/logo").status_code == 404
