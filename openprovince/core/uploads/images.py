"""Images: check the declared size, decode, orient, drop every piece of metadata, re-encode.

Re-encoding from decoded pixels is what neutralises polyglots: whatever rides along in the
file (EXIF/XMP/ICC/comments, HTML or a zip after the end marker) never reaches the output.
Output: PNG when the image has real transparency, JPEG otherwise (so HEIC and WebP become
JPEG, which every browser and phone shows). Colours in another profile (e.g. an iPhone's
Display P3) are converted to sRGB before the profile is dropped.
"""

from __future__ import annotations

import contextlib
import io
import math
from dataclasses import dataclass
from typing import Any

import pillow_heif
from PIL import ExifTags, Image, ImageCms, ImageOps

from . import kinds
from .kinds import UploadKind

pillow_heif.register_heif_opener()

JPEG_QUALITY = 82
THUMB_SIZE = 320
THUMB_QUALITY = 78
PROGRESSIVE_FROM = 1_000_000  # pixels
DRAFT_SHARE = 0.9
# Only the decoder the magic bytes named may run: Pillow never guesses among its other plugins.
_PILLOW_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "heic": "HEIF"}
# What decoders raise on malformed input (UnidentifiedImageError is an OSError).
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, TypeError, IndexError, KeyError, EOFError)
# A malformed EXIF block fails in more ways; it only ever costs the rotation or the position.
_EXIF_ERRORS = (*_DECODE_ERRORS, ZeroDivisionError, AttributeError)
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    content_type: str
    extension: str
    thumbnail: bytes
    width: int
    height: int
    gps: tuple[float, float] | None


def image_clean(*, data: bytes, file_type: str, kind: UploadKind) -> CleanImage:
    """Decode `data` (already known by its magic bytes to be `file_type`) and re-encode it."""
    try:
        # Opening reads the header only; pixels are decoded by load() below.
        im = Image.open(io.BytesIO(data), formats=[_PILLOW_FORMATS[file_type]])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's process-wide backstop (MAX_IMAGE_PIXELS, left at its default because it is
        # global and requests run on threads) fired before our per-kind check could.
        raise kinds.too_many_pixels(kind) from exc
    except _DECODE_ERRORS as exc:
        raise kinds.unreadable() from exc
    with im:
        width, height = im.size
        if width < 1 or height < 1:
            raise kinds.unreadable()
        if kind.max_side and file_type == "jpeg":
            _draft(im, kind.max_side)
        # From the header (and the JPEG scale just chosen), before any pixel is decoded.
        if im.width * im.height > kind.max_pixels:
            raise kinds.too_many_pixels(kind)
        try:
            im.load()
            # Read while the EXIF is still there; PNG keeps it after the pixels, hence load().
            gps = _gps(im) if kind.extract_gps else None
            _orient(im)
            out = _normalise(_fit(im, kind.max_side))
            out.info.clear()  # EXIF, XMP, ICC, comments, DPI: none is written below
            content, content_type, extension = _encode(out)
            thumbnail = _thumbnail(out)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise kinds.too_many_pixels(kind) from exc
        except _DECODE_ERRORS as exc:
            raise kinds.unreadable() from exc
        return CleanImage(
            content=content,
            content_type=content_type,
            extension=extension,
            thumbnail=thumbnail,
            width=out.width,
            height=out.height,
            gps=gps,
        )


def _draft(im: Image.Image, max_side: int) -> None:
    """Let the JPEG decoder scale by 1/2, 1/4 or 1/8 while decoding (DCT scaling): a 12 MP
    photo decodes ~4x faster, and a 48 MP phone photo fits the pixel limit instead of being
    refused. Down to DRAFT_SHARE of `max_side` is accepted, so that a 4000 px photo decodes
    at 2000 px and needs no resampling at all."""
    width, height = im.size
    floor = max_side * DRAFT_SHARE
    if max(width, height) >= 2 * floor:
        scale = floor / max(width, height)
        im.draft(None, (max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))))


def _fit(im: Image.Image, max_side: int | None) -> Image.Image:
    """At most `max_side` pixels on the longest side."""
    if not max_side or max(im.size) <= max_side:
        return im
    return im.resize(_fitted(im, max_side), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _fitted(im: Image.Image, side: int) -> tuple[int, int]:
    """The size with `side` pixels on the longest side, proportions kept."""
    scale = side / max(im.size)
    return max(1, round(im.width * scale)), max(1, round(im.height * scale))


def _orient(im: Image.Image) -> None:
    with contextlib.suppress(*_EXIF_ERRORS):  # the pixels are fine: keep them as stored
        ImageOps.exif_transpose(im, in_place=True)


def _normalise(im: Image.Image) -> Image.Image:
    """RGB/L for opaque images, RGBA/LA when some pixel is see-through; colours in sRGB."""
    has_alpha = im.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in im.info
    if im.mode == "1":
        im = im.convert("L")
    elif im.mode.startswith("I") or im.mode == "F":
        # 16-bit and float greyscale: scale to 8 bits (a plain convert would clip to white).
        im = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif im.mode in ("P", "PA"):
        im = im.convert("RGBA" if has_alpha else "RGB")
    elif im.mode in ("L", "LA"):
        im = im.convert("LA") if has_alpha and im.mode == "L" else im
    else:
        if has_alpha and im.mode == "RGB":
            im = im.convert("RGBA")  # applies a PNG tRNS colour; the ICC profile stays in info
        im = _to_srgb(im, "RGBA" if has_alpha else "RGB")
    if im.mode in ("RGBA", "LA"):
        lowest_alpha = im.getchannel("A").getextrema()[0]
        if isinstance(lowest_alpha, int | float) and lowest_alpha >= 255:
            im = im.convert(im.mode[:-1])  # an alpha channel that hides nothing
    return im


def _to_srgb(im: Image.Image, mode: str) -> Image.Image:
    icc = im.info.get("icc_profile")
    if icc and im.mode in ("RGB", "RGBA", "CMYK"):
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if "srgb" not in (ImageCms.getProfileDescription(profile) or "").lower():
                converted = ImageCms.profileToProfile(im, profile, _SRGB, outputMode=mode)
                if converted is not None:
                    return converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: show the numbers as they are, as most viewers would
    return im if im.mode == mode else im.convert(mode)


def _encode(im: Image.Image) -> tuple[bytes, str, str]:
    buf = io.BytesIO()
    if im.mode in ("RGBA", "LA"):
        im.save(buf, "PNG")
        return buf.getvalue(), "image/png", "png"
    # Progressive (a blurry whole first, sharpening as it arrives) helps a 3G viewer of a big
    # photo; below a megapixel it loads in a moment anyway and costs 5x more to encode.
    progressive = im.width * im.height > PROGRESSIVE_FROM
    im.save(buf, "JPEG", quality=JPEG_QUALITY, progressive=progressive)
    return buf.getvalue(), "image/jpeg", "jpg"


def _thumbnail(im: Image.Image) -> bytes:
    scale = THUMB_SIZE / max(im.size)
    size = _fitted(im, THUMB_SIZE)
    thumb = im
    if scale < 1:
        # Shrink by a whole factor first (box filter, ~10x cheaper than any resampling), then
        # bicubic for the rest: indistinguishable from Lanczos at thumbnail size.
        factor = int(1 / scale)
        if factor >= 2:
            thumb = thumb.reduce(factor)
        if thumb.size != size:
            thumb = thumb.resize(size, Image.Resampling.BICUBIC)
    if thumb.mode in ("RGBA", "LA"):
        background = Image.new("RGB", thumb.size, (255, 255, 255))
        background.paste(thumb.convert("RGBA"), mask=thumb.getchannel("A"))
        thumb = background
    buf = io.BytesIO()
    thumb.save(buf, "JPEG", quality=THUMB_QUALITY)
    return buf.getvalue()


def _gps(im: Image.Image) -> tuple[float, float] | None:
    """(lat, lng) in decimal degrees, or None when absent, void or not a plausible position."""
    try:
        info = im.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        if _text(info.get(ExifTags.GPS.GPSStatus)) == "V":  # "void": no fix when shot
            return None
        lat = _degrees(info.get(ExifTags.GPS.GPSLatitude), info.get(ExifTags.GPS.GPSLatitudeRef))
        lng = _degrees(info.get(ExifTags.GPS.GPSLongitude), info.get(ExifTags.GPS.GPSLongitudeRef))
    except _EXIF_ERRORS:
        return None
    if lat is None or lng is None or abs(lat) > 90 or abs(lng) > 180:
        return None
    if lat == 0 and lng == 0:  # what some phones write when they have no fix
        return None
    return round(lat, 7), round(lng, 7)


def _degrees(value: Any, ref: Any) -> float | None:
    hemisphere = _text(ref)
    if hemisphere not in ("N", "S", "E", "W") or not isinstance(value, tuple | list):
        return None
    parts = [float(v) for v in value[:3]]
    if not parts or not all(math.isfinite(p) and p >= 0 for p in parts):
        return None  # a 0 denominator reads as NaN
    degrees = sum(p / 60**i for i, p in enumerate(parts))
    if (hemisphere in ("N", "S") and degrees > 90) or degrees > 180:
        return None
    return -degrees if hemisphere in ("S", "W") else degrees


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return value.strip("\x00 ").upper() if isinstance(value, str) else ""
