"""Where processed uploads live and how they are sent back.

Names are made on the server (random, unguessable, dated folders); nothing the client sent
ever becomes part of a storage path. Files go through Django's `default_storage`: local disk by
default, an S3-compatible bucket by settings. Who may read a file is the caller's question:
check it first, and answer 404 (not 403) when the answer is no.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterable
from urllib.parse import quote

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.core.errors import NotFound
from openprovince.core.text import clean_line, unaccent

from .kinds import ProcessedUpload

log = logging.getLogger(__name__)

MAX_NAME = 150
_PREFIX = re.compile(r"[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_-]*)*")
_CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",  # variants the server makes (news images); uploads never stay WebP
    "pdf": "application/pdf",
}
_THUMB_SUFFIX = ".thumb.jpg"
_STORED_NAME = re.compile(
    r"private/[a-z0-9][a-z0-9_/-]*/\d{4}/\d{2}/[0-9a-f]{32}(?:\.thumb)?\.(jpg|png|webp|pdf)"
)
# Characters that are unsafe in a download name on some system, or in a quoted header value.
_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|]')
_NOT_IN_QUOTED_ASCII = re.compile(r'[^\x20-\x7e]|["\\]')


def clean_original_name(filename: str) -> str:
    """The client's file name for display: last path part only, no control characters, at
    most 150 characters (the extension kept). Never use it to build a path."""
    name = clean_line(re.split(r"[\\/]", filename)[-1]).strip(". ")  # clean_line: NFC, no NUL
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        ext = ext if dot and stem and len(ext) <= 10 else ""
        name = (name[: MAX_NAME - len(ext) - 1].rstrip() + "." + ext) if ext else name[:MAX_NAME]
    return name


def stored_name_matches(name: str) -> bool:
    """Whether `name` is one `upload_storage_name` (or its thumbnail) makes."""
    return _STORED_NAME.fullmatch(name) is not None


def upload_storage_name(*, prefix: str, extension: str) -> str:
    """`private/<prefix>/<yyyy>/<mm>/<32 hex>.<ext>`; 128 random bits, so names cannot be
    guessed or enumerated. `prefix` is the module's folder ("reports", "dossiers/files")."""
    if not _PREFIX.fullmatch(prefix):
        raise ValueError(f"upload prefix must be lower-case path words, got {prefix!r}")
    if extension not in _CONTENT_TYPES:
        raise ValueError(f"unknown upload extension {extension!r}")
    today = timezone.localdate()
    return f"private/{prefix}/{today:%Y}/{today:%m}/{secrets.token_hex(16)}.{extension}"


def upload_save(*, processed: ProcessedUpload, prefix: str) -> tuple[str, str | None]:
    """Store the file and its thumbnail; returns their storage names (thumbnail: None for PDFs).
    Keep the names in the module's model; a failed transaction leaves an orphan file, not a
    dangling reference."""
    name = storage_save_new(
        upload_storage_name(prefix=prefix, extension=processed.extension),
        ContentFile(processed.content),
    )
    thumb_name = None
    if processed.thumbnail is not None:
        thumb_name = storage_save_new(
            name.rsplit(".", 1)[0] + _THUMB_SUFFIX, ContentFile(processed.thumbnail)
        )
    return name, thumb_name


def storage_save_new(name: str, content: ContentFile[bytes]) -> str:
    """Save under `name`, new by construction (`upload_storage_name`: 128 random bits), without
    the storage first asking whether the name is taken: `Storage.save` does, and on S3 that is a
    HEAD request per file, two per report photo. `_save` is the method storages implement
    (Django's custom storage API); the local disk's still refuses to overwrite (O_EXCL)."""
    if not stored_name_matches(name):
        raise ValueError(f"not an upload storage name: {name!r}")
    return str(default_storage._save(name, content))  # type: ignore[attr-defined]  # not in the stubs


def uploads_delete(names: Iterable[str]) -> int:
    """Delete stored files no row names any more (empty names are skipped); returns how many
    went. Best effort: a storage that refuses is logged and the rest still go, so a caller in
    a failed request raises its own error and a cleanup task is not stopped by one file."""
    deleted = 0
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)
        except Exception:  # the storage's own error (disk, network): the file stays, logged
            log.warning("could not delete the unused upload %s", name, exc_info=True)
        else:
            deleted += 1
    return deleted


def upload_response(*, name: str, download_name: str, inline: bool) -> FileResponse:
    """Stream a stored upload. The caller has checked the user may see it (404 otherwise).
    `download_name` is cleaned and given the stored file's extension, so a PDF can never be
    saved on the user's disk as `.html`."""
    missing = NotFound("uploads.not_found", _("This file no longer exists."))
    # Only names this module made: a stray path (a logo, "../settings.py") is never served.
    stored = _STORED_NAME.fullmatch(name)
    if stored is None:
        raise missing
    extension = stored[1]
    content_type = _CONTENT_TYPES[extension]
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError as exc:
        raise missing from exc
    response = FileResponse(handle, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = content_disposition(
        disposition, _download_name(download_name, extension)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if content_type == "application/pdf":
        # No script, form or plugin may run in the document's origin. Chromium and Safari then
        # refuse to show the PDF inline (docs/uploads.md): offer PDFs as downloads.
        response["Content-Security-Policy"] = "sandbox"
    return response


def content_disposition(disposition: str, filename: str) -> str:
    """RFC 6266: an ASCII `filename` for old clients, the exact UTF-8 name in `filename*`."""
    fallback = _NOT_IN_QUOTED_ASCII.sub("_", unaccent(filename))
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _download_name(download_name: str, extension: str) -> str:
    name = _UNSAFE_IN_NAME.sub("_", clean_original_name(download_name))
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem[: MAX_NAME - 4].strip(". ") or "file"
    return f"{stem}.{extension}"
