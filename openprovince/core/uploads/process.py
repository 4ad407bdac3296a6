"""`upload_process`: bytes from a client in, a checked and re-encoded file out (no DB, no I/O
beyond reading the upload)."""

from __future__ import annotations

import hashlib
from typing import Protocol

from . import kinds
from .images import image_clean
from .kinds import IMAGE_TYPES, ProcessedUpload, UploadKind
from .pdf import pdf_clean
from .storage import clean_original_name

_CHUNK = 256 * 1024
# HEIF brands of HEVC-coded images (iPhones write "heic"; "mif1" alone may be AVIF, not ours).
_HEIC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"})


class Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


def upload_process(*, data: bytes | Readable, filename: str, kind: UploadKind) -> ProcessedUpload:
    """Check and re-encode one upload. Raises AppError (`uploads.*`) for anything refused.

    The type comes from the file's first bytes, never from `filename` or the client's content
    type; `filename` only gives `original_name` (cleaned, for display).
    """
    raw = _read_limited(data, kind)
    file_type = sniff(raw)
    if file_type is None or file_type not in kind.allowed:
        raise kinds.type_not_allowed(kind)
    if file_type in IMAGE_TYPES:
        image = image_clean(data=raw, file_type=file_type, kind=kind)
        content, content_type, extension = image.content, image.content_type, image.extension
        thumbnail, width, height, gps = image.thumbnail, image.width, image.height, image.gps
    else:
        content, content_type, extension = pdf_clean(data=raw), "application/pdf", "pdf"
        thumbnail, width, height, gps = None, None, None, None
    return ProcessedUpload(
        content=content,
        content_type=content_type,
        extension=extension,
        thumbnail=thumbnail,
        width=width,
        height=height,
        gps=gps,
        sha256=hashlib.sha256(content).hexdigest(),
        original_name=clean_original_name(filename),
    )


def _read_limited(data: bytes | Readable, kind: UploadKind) -> bytes:
    """At most max_bytes + 1 bytes are read: enough to know the file is too large."""
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data[: kind.max_bytes + 1])
    else:
        seek = getattr(data, "seek", None)
        if callable(seek) and getattr(data, "seekable", lambda: True)():
            seek(0)  # a form's validation may have read it already
        parts, left = [], kind.max_bytes + 1
        while left > 0:
            part = data.read(min(_CHUNK, left))
            if not part:
                break
            parts.append(part)
            left -= len(part)
        raw = b"".join(parts)
    if not raw:
        raise kinds.empty()
    if len(raw) > kind.max_bytes:
        raise kinds.too_large(kind)
    return raw


def sniff(head: bytes) -> str | None:
    """The `FileType` the magic bytes announce, or None. Decoding later proves it."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head[4:8] == b"ftyp":
        # ISO base media box: size, "ftyp", major brand, minor version, compatible brands.
        size = int.from_bytes(head[:4], "big")
        if 16 <= size <= min(len(head), 4096):
            brands = {head[8:12]} | {head[i : i + 4] for i in range(16, size - 3, 4)}
            if brands & _HEIC_BRANDS:
                return "heic"
    return None
