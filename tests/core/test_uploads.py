"""The upload pipeline: type by magic bytes, bombs and polyglots neutralised, metadata gone,
GPS returned before stripping, server-made names, bounded reading, safe serving.

Every fixture is generated here with Pillow / pillow-heif: no binary file is committed.
"""

import hashlib
import io
import random
import re
import struct
import zipfile
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image, ImageCms
from PIL.PngImagePlugin import PngInfo
from PIL.TiffImagePlugin import IFDRational

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

TAY_NINH = (11.3101, 106.0983)
STORED_NAME = re.compile(r"private/reports/\d{4}/\d{2}/[0-9a-f]{32}\.(jpg|png|pdf)")

# --- fixture generators ---------------------------------------------------------------------


def encode(im, fmt, **params):
    buf = io.BytesIO()
    im.save(buf, fmt, **params)
    return buf.getvalue()


def halves(size=(60, 40), left=(220, 20, 20), right=(20, 20, 220)):
    """Left half one colour, right half another: shows where a rotation went."""
    im = Image.new("RGB", size, right)
    im.paste(left, (0, 0, size[0] // 2, size[1]))
    return im


def gps_exif(lat=(11, 18, 36.36), lng=(106, 5, 53.88), lat_ref="N", lng_ref="E"):
    def rationals(dms):
        return tuple(
            v if isinstance(v, IFDRational) else IFDRational(round(v * 100), 100) for v in dms
        )

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestPhone"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: lat_ref,
        ExifTags.GPS.GPSLatitude: rationals(lat),
        ExifTags.GPS.GPSLongitudeRef: lng_ref,
        ExifTags.GPS.GPSLongitude: rationals(lng),
    }
    return exif.tobytes()


def rgb_profile(red, green, blue, description=b"Test RGB"):
    """A minimal ICC v2 display profile (matrix + gamma 2.2) with the given D50 primaries."""

    def s15(v):
        return struct.pack(">i", round(v * 65536))

    def xyz(v):
        return b"XYZ \0\0\0\0" + b"".join(s15(c) for c in v)

    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0233) + b"\0\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(description) + 1) + description + b"\0"
    desc += b"\0" * (8 + 3 + 67)
    desc += b"\0" * (-len(desc) % 4)
    tags = [(b"desc", desc), (b"wtpt", xyz((0.9642, 1.0, 0.8249)))]
    tags += [(b"rXYZ", xyz(red)), (b"gXYZ", xyz(green)), (b"bXYZ", xyz(blue))]
    tags += [(b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    offset = 128 + 4 + 12 * len(tags)
    table, body = struct.pack(">I", len(tags)), b""
    for signature, data in tags:
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    header = struct.pack(">I", offset + len(body)) + b"\0" * 4 + bytes([2, 0x10, 0, 0])
    header += b"mntrRGB XYZ " + b"\0" * 12 + b"acsp" + b"\0" * 28
    header += s15(0.9642) + s15(1.0) + s15(0.8249)
    return header + b"\0" * (128 - len(header)) + table + body


SRGB_RED = (0.4361, 0.2225, 0.0139)  # sRGB primaries adapted to D50, as ICC profiles hold them
SRGB_GREEN = (0.3851, 0.7169, 0.0971)
SRGB_BLUE = (0.1431, 0.0606, 0.7141)


def png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header_only(width, height):
    """A PNG that declares width x height but holds a few bytes of pixel data: a bomb costs the
    attacker nothing to send, so the size must be refused from the header alone."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def make_pdf(*bodies):
    """A well-formed PDF (with xref) of the given object bodies; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        xref,
    )
    return bytes(out)


PAGES = (
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
)


def pdf_with_catalog(catalog_extra=b"", *more):
    return make_pdf(b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>", *PAGES, *more)


def stream(data, extra=b""):
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def object_stream(objects, filters=b"/FlateDecode"):
    """PDF 1.5 object stream: the dictionaries inside are compressed, invisible to a raw scan."""
    payload, offsets = b"", []
    for _, body in objects:
        offsets.append(len(payload))
        payload += body + b"\n"
    header = b" ".join(b"%d %d" % (n, off) for (n, _), off in zip(objects, offsets, strict=True))
    header += b"\n"
    decoded = header + payload
    encoded = zlib.compress(decoded) if b"Flate" in filters else decoded.hex().encode() + b">"
    extra = b"/Type /ObjStm /N %d /First %d /Filter %s" % (len(objects), len(header), filters)
    return stream(encoded, extra)


def jpeg_segments(data):
    """Marker codes of a JPEG, and whatever follows its end-of-image marker."""
    assert data[:2] == b"\xff\xd8"
    pos, markers = 2, []
    while True:
        assert data[pos] == 0xFF, pos
        marker = data[pos + 1]
        markers.append(marker)
        if marker == 0xD9:
            return markers, data[pos + 2 :]
        pos += 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
        if marker == 0xDA:  # entropy-coded data runs to the next real marker
            while not (data[pos] == 0xFF and data[pos + 1] not in (0x00, *range(0xD0, 0xD8))):
                pos += 1


def png_chunk_types(data):
    pos, types = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        types.append(data[pos + 4 : pos + 8])
        pos += 12 + length
    return types


def assert_clean_jpeg(content):
    markers, trailing = jpeg_segments(content)
    assert trailing == b""
    # APP0 (JFIF) only: no APP1 (EXIF/XMP), APP2 (ICC), APP13 (IPTC), COM (comment).
    assert {m for m in markers if 0xE0 <= m <= 0xEF or m == 0xFE} == {0xE0}
    assert not Image.open(io.BytesIO(content)).getexif()


def refused(code, **kwargs):
    with translation.override("en"), pytest.raises(AppError) as caught:
        upload_process(**kwargs)
    assert caught.value.code == code, caught.value.message
    assert caught.value.message
    return caught.value


class CountingReader(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


class EndlessReader:
    """A client that never stops sending."""

    def __init__(self):
        self.bytes_read = 0

    def read(self, size):
        self.bytes_read += size
        return b"\xff\xd8\xff" + b"\x00" * (size - 3)


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


# --- images: orientation, metadata, formats -------------------------------------------------


def test_given_a_jpeg_with_exif_orientation_6_when_processed_then_rotated_and_no_exif():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # "rotate 90° clockwise to display"
    exif[ExifTags.Base.Model] = "Camera serial 1234"
    data = encode(halves(), "JPEG", exif=exif.tobytes(), quality=95)

    result = upload_process(data=data, filename="IMG_1.JPG", kind=PHOTO)

    assert (result.width, result.height) == (40, 60)
    stored = Image.open(io.BytesIO(result.content))
    assert stored.size == (40, 60)
    top, bottom = stored.getpixel((20, 10)), stored.getpixel((20, 50))
    assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]  # left half went to the top
    assert_clean_jpeg(result.content)
    assert b"Camera serial" not in result.content


def test_given_a_heic_with_gps_when_processed_then_gps_is_returned_and_absent_from_the_jpeg():
    data = encode(halves((64, 48)), "HEIF", exif=gps_exif(), quality=60)
    assert sniff(data) == "heic"

    result = upload_process(data=data, filename="IMG_0001.HEIC", kind=PHOTO)

    assert result.gps == pytest.approx(TAY_NINH, abs=1e-6)
    assert (result.content_type, result.extension) == ("image/jpeg", "jpg")
    assert (result.width, result.height) == (64, 48)
    assert_clean_jpeg(result.content)
    assert b"TestPhone" not in result.content


def test_given_a_heic_document_when_the_kind_does_not_extract_gps_then_none_is_returned():
    data = encode(halves((64, 48)), "HEIF", exif=gps_exif(), quality=60)
    assert upload_process(data=data, filename="a.heic", kind=DOCUMENT).gps is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, TAY_NINH),
        ({"lat_ref": "S", "lng_ref": "W"}, (-TAY_NINH[0], -TAY_NINH[1])),
        ({"lat": (95, 0, 0)}, None),  # no such latitude
        ({"lat": (0, 0, 0), "lng": (0, 0, 0)}, None),  # "null island": no fix
        ({"lat_ref": "X"}, None),
        ({"lat": (IFDRational(11, 0), 0, 0)}, None),  # a zero denominator
    ],
    ids=["north-east", "south-west", "latitude-95", "zero-zero", "bad-reference", "zero-denom"],
)
def test_given_jpeg_gps_when_processed_then_only_plausible_positions_are_returned(params, expected):
    data = encode(halves(), "JPEG", exif=gps_exif(**params))

    result = upload_process(data=data, filename="a.jpg", kind=PHOTO)

    assert result.gps == (pytest.approx(expected, abs=1e-6) if expected else None)
    assert_clean_jpeg(result.content)


def test_given_an_icc_profile_and_xmp_when_processed_then_neither_is_stored():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>secret</rdf:RDF></x:xmpmeta>'
    data = encode(halves(), "JPEG", icc_profile=profile, xmp=xmp)

    result = upload_process(data=data, filename="a.jpg", kind=PHOTO)

    assert_clean_jpeg(result.content)
    assert b"secret" not in result.content
    assert "icc_profile" not in Image.open(io.BytesIO(result.content)).info


def test_given_colours_in_another_profile_when_processed_then_converted_to_srgb_and_dropped():
    # Red and blue primaries swapped: the file's "pure red" is, seen through its profile, blue.
    profile = rgb_profile(SRGB_BLUE, SRGB_GREEN, SRGB_RED, b"Swapped primaries")
    data = encode(Image.new("RGB", (16, 16), (255, 0, 0)), "JPEG", icc_profile=profile)

    result = upload_process(data=data, filename="p3.jpg", kind=PHOTO)

    red, green, blue = Image.open(io.BytesIO(result.content)).getpixel((8, 8))
    assert blue > 200 and red < 40 and green < 40
    assert_clean_jpeg(result.content)


def test_given_a_broken_icc_profile_when_processed_then_the_pixels_are_kept_as_they_are():
    data = encode(Image.new("RGB", (16, 16), (255, 0, 0)), "JPEG", icc_profile=b"not a profile")
    red, _, _ = Image.open(
        io.BytesIO(upload_process(data=data, filename="a.jpg", kind=PHOTO).content)
    ).getpixel((8, 8))
    assert red > 200


def test_given_a_transparent_png_when_processed_then_it_stays_png_without_metadata():
    im = Image.new("RGBA", (50, 30), (255, 0, 0, 255))
    im.paste((0, 0, 0, 0), (0, 0, 25, 30))
    data = encode(im, "PNG", exif=gps_exif())

    result = upload_process(data=data, filename="sign.png", kind=PHOTO)

    assert (result.content_type, result.extension) == ("image/png", "png")
    assert png_chunk_types(result.content) == [b"IHDR", b"IDAT", b"IEND"]
    assert Image.open(io.BytesIO(result.content)).getpixel((0, 0))[3] == 0
    assert result.gps == pytest.approx(TAY_NINH, abs=1e-6)  # read before it was dropped


@pytest.mark.parametrize(
    "image",
    [
        Image.new("RGBA", (50, 30), (10, 200, 10, 255)),  # alpha channel, every pixel opaque
        Image.new("RGB", (50, 30), (10, 200, 10)),
        Image.new("P", (50, 30), 3),
        Image.new("I;16", (50, 30), 40000),
    ],
    ids=["opaque-rgba", "rgb", "palette", "16-bit-grey"],
)
def test_given_an_opaque_png_when_processed_then_it_becomes_a_jpeg(image):
    result = upload_process(data=encode(image, "PNG"), filename="a.png", kind=PHOTO)

    assert (result.content_type, result.extension) == ("image/jpeg", "jpg")
    assert_clean_jpeg(result.content)


def test_given_a_16_bit_grey_png_when_processed_then_its_brightness_is_kept():
    data = encode(Image.new("I;16", (8, 8), 32768), "PNG")
    stored = Image.open(io.BytesIO(upload_process(data=data, filename="a", kind=PHOTO).content))
    assert 120 <= stored.convert("L").getpixel((4, 4)) <= 136  # half grey, not clipped white


def test_given_a_webp_when_processed_then_it_becomes_a_jpeg():
    data = encode(halves(), "WEBP", quality=90, exif=gps_exif())

    result = upload_process(data=data, filename="a.webp", kind=PHOTO)

    assert (result.content_type, result.width, result.height) == ("image/jpeg", 60, 40)
    assert result.gps == pytest.approx(TAY_NINH, abs=1e-6)
    assert_clean_jpeg(result.content)


def test_given_a_cmyk_jpeg_when_processed_then_it_is_stored_as_rgb():
    data = encode(Image.new("CMYK", (20, 20), (0, 255, 255, 0)), "JPEG")
    stored = Image.open(io.BytesIO(upload_process(data=data, filename="a", kind=PHOTO).content))
    assert stored.mode == "RGB"


def test_given_a_truncated_jpeg_when_processed_then_unreadable():
    rng = random.Random(1)  # noqa: S311 - reproducible test bytes
    data = encode(Image.frombytes("RGB", (200, 200), rng.randbytes(120_000)), "JPEG")
    refused("uploads.unreadable", data=data[: len(data) // 2], filename="a.jpg", kind=PHOTO)


def test_given_garbage_after_a_png_signature_when_processed_then_unreadable():
    refused("uploads.unreadable", data=b"\x89PNG\r\n\x1a\n" + b"x" * 100, filename="a", kind=PHOTO)


def test_given_a_large_photo_when_processed_then_a_320_px_jpeg_thumbnail_and_a_hash_come_back():
    result = upload_process(data=encode(halves((1600, 1200)), "JPEG"), filename="a", kind=PHOTO)

    assert result.thumbnail is not None
    thumb = Image.open(io.BytesIO(result.thumbnail))
    assert (thumb.format, thumb.size) == ("JPEG", (320, 240))
    assert result.sha256 == hashlib.sha256(result.content).hexdigest()
    assert Image.open(io.BytesIO(result.content)).info.get("progressive") == 1


def test_given_a_transparent_png_when_thumbnailed_then_the_thumbnail_is_on_white():
    data = encode(Image.new("RGBA", (400, 400), (0, 0, 0, 0)), "PNG")
    thumbnail = upload_process(data=data, filename="a", kind=PHOTO).thumbnail
    assert thumbnail is not None
    assert Image.open(io.BytesIO(thumbnail)).getpixel((5, 5)) == (255, 255, 255)


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
