"""Reads of dossiers for the applicant, the lookup and officials."""

from __future__ import annotations

from typing import Any

from openprovince.accounts.models import User
from openprovince.accounts.rules import can_view
from openprovince.cases.selectors import case_for_citizen

from .models import Dossier, DossierDocument, Procedure


def procedure_for_apply(*, code: str) -> Procedure | None:
    return (
        Procedure.objects.filter(code=code, is_active=True)
        .select_related("agency", "field")
        .first()
    )


def dossier_of_applicant(*, user: User, public_id: Any) -> Dossier | None:
    """The applicant's (or their business's) own dossier, else None (→ 404)."""
    case = case_for_citizen(user=user, public_id=public_id)
    if case is None or case.kind != "dossier":
        return None
    return (
        Dossier.objects.select_related("case__agency", "procedure", "result")
        .filter(case=case)
        .first()
    )


def dossier_for_official(*, user: User, public_id: Any) -> Dossier | None:
    dossier = (
        Dossier.objects.select_related(
            "case__agency", "case__applicant", "case__assignee", "procedure", "result"
        )
        .filter(case__public_id=public_id)
        .first()
    )
    return dossier if dossier is not None and can_view(user, dossier.case.agency) else None


def dossier_documents(*, dossier: Dossier) -> dict[int, list[DossierDocument]]:
    """Files by round (0: with the dossier; n: the n-th supplement), without the result."""
    rounds: dict[int, list[DossierDocument]] = {}
    for document in (
        dossier.documents.exclude(slot="result").select_related("attachment").order_by("round")
    ):
        rounds.setdefault(document.round, []).append(document)
    return rounds


def slot_names(procedure: Procedure) -> dict[str, str]:
    return {d["code"]: d.get("name", d["code"]) for d in procedure.documents}
