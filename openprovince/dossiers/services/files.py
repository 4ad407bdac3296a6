"""Storing a dossier's files: each processed upload becomes a case attachment (so the case
engine's file rules and downloads apply) in one of the procedure's document slots."""

from __future__ import annotations

from openprovince.accounts.models import User
from openprovince.cases.services.attachments import case_attachment_store
from openprovince.core.uploads.kinds import ProcessedUpload

from ..models import Dossier, DossierDocument


def dossier_files_store(
    *, dossier: Dossier, files: dict[str, list[ProcessedUpload]], user: User, round: int = 0
) -> list[DossierDocument]:
    """Call inside the transaction that creates the dossier or the supplement. A rollback
    leaves orphan files in storage, never a row pointing at nothing."""
    documents = []
    for slot, uploads in files.items():
        for processed in uploads:
            attachment = case_attachment_store(
                case=dossier.case, user=user, processed=processed, prefix="dossiers"
            )
            documents.append(
                DossierDocument.objects.create(
                    dossier=dossier, slot=slot, attachment=attachment, round=round
                )
            )
    return documents
