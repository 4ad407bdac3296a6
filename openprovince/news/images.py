"""Article images: the upload pipeline's cleaned image, resized into WebP variants for
`srcset`, plus one JPEG/PNG fallback for browsers without WebP (Safari before iOS 14).

data → upload_process (type by magic bytes, size, pixel bombs, metadata stripped, re-encoded,
≤ 1920 px) → variants at 480/960/1440 px wide that the image can fill → default_storage.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from openprovince.core.uploads import UploadKind, upload_process, upload_storage_name
from openprovince.core.uploads.kinds import MB
from openprovince.core.uploads.storage import storage_save_new

NEWS_IMAGE = UploadKind("news image", 15 * MB, {"jpeg", "png", "webp", "heic"}, max_side=1920)
WIDTHS = (480, 960, 1440)  # phone, phone at 2x / laptop, large screen at 1.5x
FALLBACK_WIDTH = 960
WEBP_QUALITY = 75
WEBP_METHOD = 4  # 0 fast … 6 small; 4 is libwebp's balance
JPEG_QUALITY = 80
PREFIX = "news/images"


@dataclass(frozen=True)
class NewsImageVariant:
    width: int
    height: int
    content: bytes  # WebP


@dataclass(frozen=True)
class NewsImageFiles:
    """What to store for one article image; nothing in it comes unchecked from the client."""

    variants: tuple[NewsImageVariant, ...]  # WebP, narrowest first, at least one
    fallback: bytes
    fallback_type: str  # "image/jpeg", or "image/png" when the image has transparency
    fallback_extension: str  # "jpg" or "png"
    width: int  # of the largest variant
    height: int


@dataclass(frozen=True)
class StoredNewsImage:
    fallback_name: str
    fallback_type: str
    width: int  # of the largest variant
    height: int
    variants: list[dict[str, Any]]  # {"width", "height", "name"}, narrowest first: JSON-ready


def news_image_process(*, data: bytes, filename: str) -> NewsImageFiles:
    """Check and clean an uploaded image, then make its variants. Raises the `uploads.*`
    AppErrors of `upload_process` (not an image, too large, too many pixels, unreadable)."""
    processed = upload_process(data=data, filename=filename, kind=NEWS_IMAGE)
    # Our own re-encoded JPEG or PNG: the decoder is named so nothing else is ever tried.
    with Image.open(io.BytesIO(processed.content), formats=["JPEG", "PNG"]) as opened:
        opened.load()
        has_alpha = opened.mode in ("RGBA", "LA")
        image = opened.convert("RGBA" if has_alpha else "RGB")  # WebP and JPEG want these
    widths = [w for w in WIDTHS if w <= image.width] or [image.width]
    variants = tuple(_webp(_resized(image, width)) for width in widths)
    fallback = _resized(image, min(FALLBACK_WIDTH, image.width))
    buf = io.BytesIO()
    if has_alpha:
        fallback.save(buf, "PNG", optimize=True)
    else:
        fallback.save(buf, "JPEG", quality=JPEG_QUALITY, progressive=True, optimize=True)
    return NewsImageFiles(
        variants=variants,
        fallback=buf.getvalue(),
        fallback_type="image/png" if has_alpha else "image/jpeg",
        fallback_extension="png" if has_alpha else "jpg",
        width=variants[-1].width,
        height=variants[-1].height,
    )


def news_image_store(*, files: NewsImageFiles) -> StoredNewsImage:
    """Save the variants and the fallback under fresh random names. When one save fails, those
    already saved are deleted: no orphans from a half-stored image."""
    saved: list[str] = []

    def save(content: bytes, extension: str) -> str:
        name = upload_storage_name(prefix=PREFIX, extension=extension)
        saved.append(storage_save_new(name, ContentFile(content)))
        return saved[-1]

    try:
        variants = [
            {"width": v.width, "height": v.height, "name": save(v.content, "webp")}
            for v in files.variants
        ]
        fallback_name = save(files.fallback, files.fallback_extension)
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise
    return StoredNewsImage(
        fallback_name=fallback_name,
        fallback_type=files.fallback_type,
        width=files.width,
        height=files.height,
        variants=variants,
    )


def srcset(variants: Sequence[Mapping[str, Any]], url_for: Callable[[str], str]) -> str:
    """`srcset` for stored variants: "URL 480w, URL 960w". `url_for` turns a storage name into
    a URL (one without spaces or commas, which would split the list)."""
    ordered = sorted(variants, key=lambda v: int(v["width"]))
    return ", ".join(f"{url_for(v['name'])} {int(v['width'])}w" for v in ordered)


def _resized(image: Image.Image, width: int) -> Image.Image:
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _webp(image: Image.Image) -> NewsImageVariant:
    buf = io.BytesIO()
    # RGBA is saved with its alpha; no EXIF/ICC/XMP is passed, so none is written.
    image.save(buf, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return NewsImageVariant(width=image.width, height=image.height, content=buf.getvalue())
