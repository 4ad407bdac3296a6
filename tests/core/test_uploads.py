"""The upload pipeline: type by magic bytes, size, decompression bombs, names, serving."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from openprovince.core.errors import AppError
from openprovince.core.uploads import (
    DOCUMENT,
    PHOTO,
    UploadKind,
    clean_original_name,
    content_disposition,
    sniff,
    upload_process,
    upload_response,
    upload_save,
    upload_storage_name,
)
from tests.core.uploads_helpers import (
    STORED_NAME,
    CountingReader,
    EndlessReader,
    encode,
    halves,
    pdf_with_catalog,
    png_header_only,
    refused,
)

# --- type by magic bytes --------------------------------------------------------------------


def test_given_a_png_named_pdf_when_processed_then_it_is_treated_as_a_png():
    data = encode(Image.new("RGBA", (30, 20), (0, 128, 0, 100)), "PNG")

    result = upload_process(data=data, filename="contract.pdf", kind=DOCUMENT)

    assert (result.content_type, result.extension) == ("image/png", "png")
    assert result.original_name == "contract.pdf"  # the client's name, for display only


def test_given_a_pdf_named_jpg_when_a_photo_is_expected_then_it_is_refused():
    error = refused(
        "uploads.type_not_allowed", data=pdf_with_catalog(), filename="photo.jpg", kind=PHOTO
    )
    assert "JPEG, PNG, WebP, HEIC" in error.message


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"MZ\x90\x00\x03" + b"\x00" * 200, "setup.exe"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "map.svg",
        ),
        (b"<!doctype html><script>alert(document.cookie)</script>", "photo.jpg"),
        (encode(Image.new("RGB", (4, 4)), "GIF"), "anim.gif"),
        (encode(Image.new("RGB", (4, 4)), "BMP"), "scan.bmp"),
        (encode(Image.new("RGB", (4, 4)), "TIFF"), "scan.tif"),
        (b"PK\x03\x04" + b"\x00" * 100, "photos.zip"),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf", "photo.heic"),
        ("Đơn xin cấp phép".encode(), "don.txt"),
    ],
    ids=["exe", "svg", "html", "gif", "bmp", "tiff", "zip", "avif", "text"],
)
def test_given_a_file_of_an_unknown_type_when_processed_then_it_is_refused(data, filename):
    refused("uploads.type_not_allowed", data=data, filename=filename, kind=DOCUMENT)


def test_given_the_magic_bytes_of_each_type_when_sniffed_then_the_type_is_named():
    assert sniff(encode(Image.new("RGB", (4, 4)), "JPEG")) == "jpeg"
    assert sniff(encode(Image.new("RGB", (4, 4)), "PNG")) == "png"
    assert sniff(encode(Image.new("RGB", (4, 4)), "WEBP")) == "webp"
    assert sniff(encode(Image.new("RGB", (16, 16)), "HEIF")) == "heic"
    assert sniff(pdf_with_catalog()) == "pdf"
    assert sniff(b"   %PDF-1.7") is None  # junk before the header: not taken as a PDF


def test_given_a_kind_naming_an_unknown_type_when_defined_then_it_fails_at_once():
    with pytest.raises(ValueError, match="subset"):
        UploadKind("scan", 1024, {"jpeg", "tiff"})


# --- size -----------------------------------------------------------------------------------


def test_given_a_20_mb_file_when_a_10_mb_photo_is_expected_then_413_after_reading_just_enough():
    reader = CountingReader(b"\xff\xd8\xff" + b"\x00" * (20 * 1024 * 1024))

    error = refused("uploads.too_large", data=reader, filename="big.jpg", kind=PHOTO)

    assert error.status == 413
    assert "10 MB" in error.message
    assert reader.bytes_read == PHOTO.max_bytes + 1


def test_given_a_client_that_never_stops_sending_when_read_then_reading_stops_at_the_limit():
    reader = EndlessReader()

    refused("uploads.too_large", data=reader, filename="x.jpg", kind=PHOTO)

    assert reader.bytes_read <= PHOTO.max_bytes + 1 + 256 * 1024


def test_given_20_mb_of_bytes_when_processed_then_too_large():
    error = refused(
        "uploads.too_large", data=b"\x89PNG" * (5 * 1024 * 1024), filename="a.png", kind=PHOTO
    )
    assert error.status == 413


@pytest.mark.parametrize("data", [b"", io.BytesIO(b""), SimpleUploadedFile("empty.jpg", b"")])
def test_given_an_empty_file_when_processed_then_it_is_refused_as_empty(data):
    refused("uploads.empty", data=data, filename="empty.jpg", kind=PHOTO)


def test_given_a_django_upload_already_read_by_a_form_when_processed_then_it_is_read_whole():
    upload = SimpleUploadedFile("a.jpg", encode(halves(), "JPEG"), content_type="text/html")
    upload.read()

    result = upload_process(data=upload, filename=upload.name, kind=PHOTO)

    assert result.content_type == "image/jpeg"  # the client's content type plays no part


# --- decompression bombs --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "height"),
    [(50_000, 50_000), (10_000, 10_000), (7_000, 6_000)],
    ids=["2.5-gigapixels", "100-megapixels", "42-megapixels"],
)
def test_given_a_png_declaring_more_pixels_than_allowed_when_processed_then_400_before_decoding(
    width, height
):
    bomb = png_header_only(width, height)
    assert len(bomb) < 200

    # The pixel data is garbage: decoding it would answer "unreadable", not "too many pixels".
    error = refused("uploads.too_many_pixels", data=bomb, filename="bomb.png", kind=PHOTO)

    assert error.status == 400
    assert "40 megapixels" in error.message


def test_given_a_small_but_highly_compressed_image_when_over_the_kind_limit_then_refused():
    kind = UploadKind("avatar", 1024 * 1024, {"png"}, max_pixels=1_000_000)
    data = encode(Image.new("L", (2000, 1000)), "PNG", optimize=True)
    assert len(data) < 10_000  # 2 megapixels in a few kilobytes

    refused("uploads.too_many_pixels", data=data, filename="solid.png", kind=kind)


# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\x.jpg", "x.jpg"),
        ("/etc/passwd", "passwd"),
        ("C:\\Users\\An\\Ảnh hiện trường.jpg", "Ảnh hiện trường.jpg"),
        ("evil\x00.php.jpg", "evil.php.jpg"),
        ("a\r\nSet-Cookie: x=1.jpg", "a Set-Cookie: x=1.jpg"),
        ("photo\u202egpj.exe", "photogpj.exe"),  # right-to-left override dropped
        ("..", ""),
        ("x" * 300 + ".jpeg", "x" * 145 + ".jpeg"),
    ],
)
def test_given_a_hostile_client_name_when_cleaned_then_only_a_display_name_remains(
    filename, expected
):
    assert clean_original_name(filename) == expected


@pytest.mark.parametrize(
    "filename", ["../../etc/passwd", "..\\..\\x", "/abs/olute.jpg", "a\x00b", "C:\\x.jpg"]
)
def test_given_path_traversal_in_the_name_when_saved_then_the_storage_path_ignores_it(filename):
    processed = upload_process(data=encode(halves(), "JPEG"), filename=filename, kind=PHOTO)

    name, thumb_name = upload_save(processed=processed, prefix="reports")

    assert STORED_NAME.fullmatch(name)
    assert thumb_name == name.removesuffix(".jpg") + ".thumb.jpg"
    assert default_storage.open(name).read() == processed.content
    assert default_storage.open(thumb_name).read() == processed.thumbnail


def test_given_two_uploads_when_named_then_names_are_random_and_dated():
    first = upload_storage_name(prefix="dossiers/files", extension="pdf")
    second = upload_storage_name(prefix="dossiers/files", extension="pdf")
    assert first != second
    assert re.fullmatch(r"private/dossiers/files/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", first)


@pytest.mark.parametrize("prefix", ["../x", "/abs", "a//b", "Reports", "a b", ""])
def test_given_a_bad_prefix_when_naming_then_it_is_a_programming_error(prefix):
    with pytest.raises(ValueError, match="prefix"):
        upload_storage_name(prefix=prefix, extension="jpg")


# --- serving --------------------------------------------------------------------------------


def test_given_a_stored_photo_when_served_then_headers_are_safe_and_the_name_is_rfc_6266():
    processed = upload_process(data=encode(halves(), "JPEG"), filename="a.heic", kind=PHOTO)
    name, _ = upload_save(processed=processed, prefix="reports")

    response = upload_response(name=name, download_name="Ảnh hiện trường.heic", inline=True)

    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == (
        'inline; filename="Anh hien truong.jpg"; '
        "filename*=UTF-8''%E1%BA%A2nh%20hi%E1%BB%87n%20tr%C6%B0%E1%BB%9Dng.jpg"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "Content-Security-Policy" not in response
    assert b"".join(response.streaming_content) == processed.content


def test_given_a_stored_pdf_when_served_then_it_is_sandboxed_and_keeps_its_extension():
    processed = upload_process(data=pdf_with_catalog(), filename="a.pdf", kind=DOCUMENT)
    name, thumb_name = upload_save(processed=processed, prefix="reports")

    response = upload_response(name=name, download_name='x"\r\n.html', inline=False)

    assert thumb_name is None
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Content-Disposition"].startswith('attachment; filename="x_.pdf"; ')
    assert "\r" not in response["Content-Disposition"]


def test_given_quotes_and_non_latin_text_when_a_disposition_is_made_then_the_fallback_is_ascii():
    header = content_disposition("attachment", 'Đơn "gấp"\\ 申请.pdf')
    assert header == (
        'attachment; filename="Don _gap__ __.pdf"; '
        "filename*=UTF-8''%C4%90%C6%A1n%20%22g%E1%BA%A5p%22%5C%20%E7%94%B3%E8%AF%B7.pdf"
    )


@pytest.mark.parametrize(
    "name",
    [
        "private/reports/2025/01/" + "0" * 32 + ".jpg",  # well formed, not there
        "../config/settings/base.py",
        "brand/logo.png",
    ],
)
def test_given_a_name_that_is_not_a_stored_upload_when_served_then_404(name):
    with pytest.raises(AppError) as caught:
        upload_response(name=name, download_name="x.jpg", inline=True)
    assert (caught.value.code, caught.value.status) == ("uploads.not_found", 404)
