"""Article images: cleaned by the upload pipeline, resized to WebP variants plus a fallback."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from openprovince.core.errors import AppError
from openprovince.core.uploads import upload_response
from openprovince.news.images import (
    NEWS_IMAGE,
    news_image_process,
    news_image_store,
    srcset,
)
from tests.core.uploads_helpers import encode, halves, png_header_only

STORED = re.compile(r"private/news/images/\d{4}/\d{2}/[0-9a-f]{32}\.(webp|jpg|png)")


def decoded(content, fmt):
    im = Image.open(io.BytesIO(content), formats=[fmt])
    im.load()
    return im


def transparent_png(size=(300, 200)):
    im = Image.new("RGBA", size, (0, 0, 0, 0))
    im.paste((200, 30, 30, 255), (0, 0, size[0] // 2, size[1]))
    return encode(im, "PNG")


# --- processing -----------------------------------------------------------------------------


def test_given_a_2000_px_jpeg_when_processed_then_three_webp_widths_and_a_960_jpeg():
    data = encode(halves((2000, 1000)), "JPEG", quality=90)

    files = news_image_process(data=data, filename="Khai mạc.jpg")

    # upload_process brings it to 1920 x 960 first; 1920 is not a variant width.
    assert [(v.width, v.height) for v in files.variants] == [(480, 240), (960, 480), (1440, 720)]
    for variant in files.variants:
        im = decoded(variant.content, "WEBP")
        assert (im.format, im.size, im.mode) == ("WEBP", (variant.width, variant.height), "RGB")
        left, right = im.getpixel((5, 5)), im.getpixel((variant.width - 5, 5))
        assert left[0] > 150 > left[2] and right[2] > 150 > right[0]  # the picture, not noise
    assert (files.width, files.height) == (1440, 720)
    assert (files.fallback_type, files.fallback_extension) == ("image/jpeg", "jpg")
    fallback = decoded(files.fallback, "JPEG")
    assert fallback.size == (960, 480)
    assert fallback.info.get("progressive")


def test_given_a_300_px_png_with_transparency_when_processed_then_one_webp_with_alpha_and_png():
    files = news_image_process(data=transparent_png(), filename="logo.png")

    [variant] = files.variants
    assert (variant.width, variant.height) == (300, 200)
    im = decoded(variant.content, "WEBP")
    assert im.mode == "RGBA"
    assert im.getpixel((250, 100))[3] == 0 and im.getpixel((50, 100))[3] == 255
    assert (files.fallback_type, files.fallback_extension) == ("image/png", "png")
    fallback = decoded(files.fallback, "PNG")
    assert (fallback.size, fallback.mode) == ((300, 200), "RGBA")
    assert (files.width, files.height) == (300, 200)


def test_given_a_1000_px_image_when_processed_then_only_the_widths_it_fills():
    files = news_image_process(data=encode(halves((1000, 500)), "PNG"), filename="a.png")

    assert [v.width for v in files.variants] == [480, 960]
    assert decoded(files.fallback, "JPEG").size == (960, 480)  # opaque PNG: JPEG fallback


def test_given_a_tall_portrait_when_processed_then_its_height_is_kept_within_1920():
    files = news_image_process(data=encode(halves((1000, 4000)), "JPEG"), filename="a.jpg")

    # Longest side 1920 → 480 x 1920: only the 480 variant fits.
    assert [(v.width, v.height) for v in files.variants] == [(480, 1920)]


def test_given_a_webp_upload_with_exif_when_processed_then_no_metadata_in_any_output():
    exif = Image.Exif()
    exif[0x0110] = "Camera serial 1234"  # Model
    data = encode(halves((600, 400)), "WEBP", exif=exif.tobytes())

    files = news_image_process(data=data, filename="a.webp")

    for content in [files.fallback, *(v.content for v in files.variants)]:
        assert b"Camera serial" not in content
        assert (
            not {"exif", "icc_profile", "xmp"}
            & decoded(content, "WEBP" if content[:4] == b"RIFF" else "JPEG").info.keys()
        )


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"<html><script>alert(1)</script></html>", "uploads.type_not_allowed"),
        (b"%PDF-1.7\n%%EOF\n", "uploads.type_not_allowed"),
        (b"\xff\xd8\xff" + b"\x00" * 100, "uploads.unreadable"),
        (png_header_only(20_000, 20_000), "uploads.too_many_pixels"),
        (b"", "uploads.empty"),
        (b"\xff\xd8\xff" + b"\x00" * NEWS_IMAGE.max_bytes, "uploads.too_large"),
    ],
    ids=["html", "pdf", "broken-jpeg", "pixel-bomb", "empty", "too-large"],
)
def test_given_bad_input_when_processed_then_the_upload_error(data, code):
    with pytest.raises(AppError) as caught:
        news_image_process(data=data, filename="a.jpg")

    assert caught.value.code == code


# --- storing and srcset ---------------------------------------------------------------------


def test_given_processed_files_when_stored_then_each_is_in_storage_under_a_random_name():
    files = news_image_process(data=encode(halves((1500, 1000)), "JPEG"), filename="a.jpg")

    stored = news_image_store(files=files)

    assert [(v["width"], v["height"]) for v in stored.variants] == [
        (480, 320),
        (960, 640),
        (1440, 960),
    ]
    for variant, made in zip(stored.variants, files.variants, strict=True):
        assert STORED.fullmatch(variant["name"]) and variant["name"].endswith(".webp")
        assert default_storage.open(variant["name"]).read() == made.content
    assert STORED.fullmatch(stored.fallback_name) and stored.fallback_name.endswith(".jpg")
    assert default_storage.open(stored.fallback_name).read() == files.fallback
    assert (stored.fallback_type, stored.width, stored.height) == ("image/jpeg", 1440, 960)
    assert len({v["name"] for v in stored.variants} | {stored.fallback_name}) == 4


def test_given_a_stored_variant_when_served_then_it_is_sent_as_webp():
    files = news_image_process(data=transparent_png(), filename="a.png")
    stored = news_image_store(files=files)

    response = upload_response(name=stored.variants[0]["name"], download_name="Ảnh", inline=True)

    assert response["Content-Type"] == "image/webp"
    assert response["Content-Disposition"].startswith('inline; filename="Anh.webp"')
    assert b"".join(response.streaming_content) == files.variants[0].content


def test_given_a_storage_failure_when_stored_then_the_files_saved_before_it_are_deleted(
    monkeypatch,
):
    files = news_image_process(data=encode(halves((1000, 500)), "JPEG"), filename="a.jpg")
    real_save, saved = default_storage._save, []  # what storage_save_new calls

    def failing_save(name, content):
        if len(saved) == 2:
            raise OSError("disk full")
        saved.append(real_save(name, content))
        return saved[-1]

    monkeypatch.setattr(default_storage, "_save", failing_save)

    with pytest.raises(OSError, match="disk full"):
        news_image_store(files=files)

    assert len(saved) == 2
    assert not any(default_storage.exists(name) for name in saved)


def test_given_variants_when_a_srcset_is_made_then_urls_with_widths_narrowest_first():
    variants = [
        {"width": 960, "height": 480, "name": "private/news/images/b.webp"},
        {"width": 480, "height": 240, "name": "private/news/images/a.webp"},
    ]

    result = srcset(variants, lambda name: f"/media/{name}")

    assert result == (
        "/media/private/news/images/a.webp 480w, /media/private/news/images/b.webp 960w"
    )


def test_given_no_variants_when_a_srcset_is_made_then_empty():
    assert srcset([], lambda name: name) == ""
