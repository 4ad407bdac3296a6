"""What an upload may be (`UploadKind`), what processing returns, and the refusals.

Kinds are data, defined once per use (a citizen's photo, a dossier document) so that every
module applies the same limits. Refusals are `AppError`s with stable `uploads.*` codes.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Literal, get_args

from django.utils.translation import gettext as _

from openprovince.core.errors import AppError

FileType = Literal["jpeg", "png", "webp", "heic", "pdf"]
FILE_TYPES: frozenset[str] = frozenset(get_args(FileType))
IMAGE_TYPES: frozenset[str] = frozenset({"jpeg", "png", "webp", "heic"})
_LABELS = {"jpeg": "JPEG", "png": "PNG", "webp": "WebP", "heic": "HEIC", "pdf": "PDF"}
MB = 1024 * 1024


@dataclass(frozen=True)
class UploadKind:
    """Limits for one use of uploads. `allowed` names `FileType`s, e.g. {"jpeg", "png"}."""

    name: str
    max_bytes: int
    allowed: AbstractSet[FileType]
    max_pixels: int = 40_000_000
    extract_gps: bool = False
    # Longest side kept, in pixels (None: as sent). Photos are seen on phones: 2048 px is
    # sharper than any phone screen, and a 12 MP original costs 3G viewers 4 MB.
    max_side: int | None = None

    def __post_init__(self) -> None:
        # A typo here would silently refuse every upload of a module: fail at import instead.
        if not self.allowed or not set(self.allowed) <= FILE_TYPES:
            raise ValueError(f"UploadKind {self.name!r}: allowed must be a subset of {FILE_TYPES}")
        if self.max_bytes <= 0 or self.max_pixels <= 0 or (self.max_side or 1) <= 0:
            raise ValueError(f"UploadKind {self.name!r}: limits must be positive")
        object.__setattr__(self, "allowed", frozenset(self.allowed))


PHOTO = UploadKind(
    "photo",
    10 * MB,
    {"jpeg", "png", "webp", "heic"},
    max_pixels=40_000_000,
    extract_gps=True,
    max_side=2048,
)
DOCUMENT = UploadKind(
    "document", 15 * MB, {"jpeg", "png", "webp", "heic", "pdf"}, max_pixels=40_000_000
)


@dataclass(frozen=True)
class ProcessedUpload:
    """A checked, re-encoded file ready to store. Nothing in it comes unchecked from the client
    except `original_name`, which is cleaned and meant for display only."""

    content: bytes
    content_type: str
    extension: str  # "jpg", "png" or "pdf", without the dot
    thumbnail: bytes | None  # ~320 px JPEG for images, None for PDFs
    width: int | None
    height: int | None
    gps: tuple[float, float] | None  # (lat, lng) from EXIF; using it needs the user's consent
    sha256: str  # of `content`, hex
    original_name: str


def _megabytes(n: int) -> str:
    return f"{n / MB:g}"


def too_large(kind: UploadKind) -> AppError:
    return AppError(
        "uploads.too_large",
        _("The file is larger than %(limit)s MB.") % {"limit": _megabytes(kind.max_bytes)},
        status=413,
    )


def empty() -> AppError:
    return AppError("uploads.empty", _("The file is empty."))


def type_not_allowed(kind: UploadKind) -> AppError:
    labels = ", ".join(_LABELS[t] for t in sorted(kind.allowed, key=list(_LABELS).index))
    return AppError(
        "uploads.type_not_allowed",
        _("This type of file is not accepted. Accepted types: %(types)s.") % {"types": labels},
    )


def unreadable() -> AppError:
    return AppError(
        "uploads.unreadable", _("The file could not be read. It may be damaged or incomplete.")
    )


def too_many_pixels(kind: UploadKind) -> AppError:
    return AppError(
        "uploads.too_many_pixels",
        _("The image is too large: at most %(limit)s megapixels.")
        % {"limit": f"{kind.max_pixels / 1_000_000:g}"},
    )


def active_content() -> AppError:
    return AppError(
        "uploads.active_content",
        _(
            "This PDF contains scripts, attached files or actions that run when it is opened, "
            "or cannot be checked for them. Print it to a new PDF or scan it, then upload that."
        ),
    )
