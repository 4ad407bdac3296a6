"""Fixture generators and checks shared by the upload tests (files are made at test time)."""

import io
import re
import struct
import zlib

import pytest
from django.utils import translation
from PIL import ExifTags, Image
from PIL.TiffImagePlugin import IFDRational

from openprovince.core.errors import AppError
from openprovince.core.uploads import (
    upload_process,
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
