"""Files on cases, through the one upload pipeline (core.uploads): checked by content,
re-encoded, stored privately under a random name, served only after a permission check."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.translation import gettext as _

from openprovince.accounts.models import User
from openprovince.accounts.rules import can_handle
from openprovince.core.audit import audit_record
from openprovince.core.errors import PermissionDenied
from openprovince.core.uploads import DOCUMENT, upload_process, upload_save
from openprovince.core.uploads.kinds import ProcessedUpload

from ..models import Case, CaseAttachment
from .transitions import _is_applicant

MAX_FILES_PER_CASE = 50


def case_attachment_add(
    *,
    case: Case,
    user: User,
    upload: UploadedFile,
    internal: bool = False,
    request: HttpRequest | None = None,
) -> CaseAttachment:
    official = can_handle(user, case.agency)
    if not official and not _is_applicant(user, case):
        raise PermissionDenied("cases.not_allowed", _("You may not add files to this case."))
    if case.attachments.count() >= MAX_FILES_PER_CASE:
        raise PermissionDenied("cases.too_many_files", _("This case already has 50 files."))
    processed = upload_process(data=upload, filename=upload.name or "", kind=DOCUMENT)
    attachment = case_attachment_store(
        case=case, user=user, processed=processed, prefix="cases", internal=internal and official
    )
    audit_record(
        action="case.attach",
        request=request,
        actor=user,
        target=case,
        agency_code=case.agency.code,
        details={"file": str(attachment.public_id), "internal": attachment.is_internal},
    )
    return attachment


def case_attachment_store(
    *,
    case: Case,
    user: User,
    processed: ProcessedUpload,
    prefix: str,
    internal: bool = False,
) -> CaseAttachment:
    """Store a checked upload and attach it to the case (no permission check: the caller's).
    A rollback leaves an orphan file in storage, never a row pointing at nothing."""
    name, thumbnail = upload_save(processed=processed, prefix=prefix)
    return CaseAttachment.objects.create(
        case=case,
        uploaded_by=user,
        storage_name=name,
        thumbnail_name=thumbnail or "",
        content_type=processed.content_type,
        size=len(processed.content),
        original_name=processed.original_name,
        is_internal=internal,
    )
