"""The one upload pipeline (docs/uploads.md): check, re-encode, name, store, serve.

processed = upload_process(data=request.FILES["photo"], filename=f.name, kind=PHOTO)
name, thumb_name = upload_save(processed=processed, prefix="reports")
...
return upload_response(name=name, download_name=report.photo_name, inline=True)
"""

from .kinds import DOCUMENT, PHOTO, FileType, ProcessedUpload, UploadKind
from .process import sniff, upload_process
from .storage import (
    clean_original_name,
    content_disposition,
    upload_response,
    upload_save,
    upload_storage_name,
    uploads_delete,
)

__all__ = [
    "DOCUMENT",
    "PHOTO",
    "FileType",
    "ProcessedUpload",
    "UploadKind",
    "clean_original_name",
    "content_disposition",
    "sniff",
    "upload_process",
    "upload_response",
    "upload_save",
    "upload_storage_name",
    "uploads_delete",
]
