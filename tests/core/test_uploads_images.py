"""The upload pipeline on images: orientation, metadata, GPS, colour, formats, thumbnails."""

import hashlib
import io
import random

import pytest
from PIL import ExifTags, Image, ImageCms
from PIL.TiffImagePlugin import IFDRational

from openprovince.core.uploads import (
    DOCUMENT,
    PHOTO,
    sniff,
    upload_process,
)
from tests.core.uploads_helpers import (
    SRGB_BLUE,
    SRGB_GREEN,
    SRGB_RED,
    TAY_NINH,
    assert_clean_jpeg,
    encode,
    gps_exif,
    halves,
    png_chunk_types,
    refused,
    rgb_profile,
)

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


# --- size: photos are kept at most 2048 px on the longest side ------------------------------


def test_given_a_48_megapixel_phone_jpeg_when_processed_then_accepted_and_scaled_to_2048():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # portrait shot: the long side ends up vertical
    data = encode(halves((8000, 6000)), "JPEG", exif=exif.tobytes(), quality=60)

    result = upload_process(data=data, filename="IMG_48MP.jpg", kind=PHOTO)

    # Decoded at 1/4 scale (2000 px): within 90–100 % of the 2048 px limit, no resampling.
    assert (result.width, result.height) == (1500, 2000)
    with Image.open(io.BytesIO(result.content)) as out:
        assert out.size == (1500, 2000)
        # halves() is red left, blue right; after the 90° turn red is on top.
        assert out.getpixel((750, 200))[0] > 150 and out.getpixel((750, 1800))[2] > 150


def test_given_a_large_png_photo_when_processed_then_scaled_and_a_document_is_not():
    data = encode(halves((3000, 1000)), "PNG")

    photo = upload_process(data=data, filename="wide.png", kind=PHOTO)
    document = upload_process(data=data, filename="scan.png", kind=DOCUMENT)

    assert (photo.width, photo.height) == (2048, 683)
    assert (document.width, document.height) == (3000, 1000)  # scans keep their detail


def test_given_a_small_photo_when_processed_then_baseline_and_a_large_one_progressive():
    small = upload_process(data=encode(halves((640, 480)), "JPEG"), filename="s.jpg", kind=PHOTO)
    large = upload_process(data=encode(halves((2000, 1500)), "JPEG"), filename="l.jpg", kind=PHOTO)

    with Image.open(io.BytesIO(small.content)) as s, Image.open(io.BytesIO(large.content)) as g:
        assert not s.info.get("progressive") and g.info.get("progressive")
    assert small.thumbnail is not None
    with Image.open(io.BytesIO(small.thumbnail)) as thumb:
        assert thumb.size == (320, 240)
