"""Reads of dossiers for the applicant, the lookup and officials."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from openprovince.accounts.models import User
from openprovince.accounts.rules import can_view
from openprovince.cases.selectors import case_for_citizen

from .models import Dossier, DossierDocument, Procedure

OTHER_SLOT = "other"  # "something else": a document the procedure does not list


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
    """Document slot → name: the procedure's documents, plus "other" (a document an official
    asks for that the procedure does not list)."""
    names = {d["code"]: d.get("name", d["code"]) for d in procedure.documents}
    names[OTHER_SLOT] = _("Another document")
    return names


def dossier_rounds(*, dossier: Dossier) -> list[tuple[int, list[tuple[str, DossierDocument]]]]:
    """[(round, [(slot name, document)])], round 0 first: what each page lists."""
    names = slot_names(dossier.procedure)
    return [
        (number, [(names.get(d.slot, names[OTHER_SLOT]), d) for d in documents])
        for number, documents in sorted(dossier_documents(dossier=dossier).items())
    ]
