"""What officials and the applicant do to a dossier beyond a plain step: supplements (which
documents and why, all at once; the clock pauses until the citizen supplies them), the fee
(the payment step blocks until it is paid), the signed result, returning it, and the apology
with a new appointment when a dossier is late. Each goes through the case engine's one
transition function; the hook below keeps the rules whoever moves the case."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.accounts.models import User
from openprovince.accounts.rules import RANK, rank_in
from openprovince.cases.definitions import workflow_by_id
from openprovince.cases.hooks import on_transition
from openprovince.cases.models import Case, CaseEvent
from openprovince.cases.services.transitions import case_transition
from openprovince.cases.sla import remaining_seconds
from openprovince.cases.workflow import Action
from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError, PermissionDenied
from openprovince.core.text import clean_line
from openprovince.core.uploads.kinds import ProcessedUpload
from openprovince.notifications.outbox import notification_enqueue

from ..models import Dossier, DossierApology, SupplementRequest
from ..selectors import slot_names
from ..webhooks.outbox import webhook_event_emit
from .files import dossier_files_store


def _reload(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_related("case__agency", "procedure").get(pk=dossier.pk)


def dossier_request_supplement(
    *,
    dossier: Dossier,
    items: list[dict[str, str]],
    note: str,
    by: User,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> SupplementRequest:
    """`items`: [{"slot", "reason"}], every document asked for at once, each with its reason."""
    slots = slot_names(dossier.procedure)  # the procedure's documents, plus "other"
    errors: dict[str, list[str]] = {}
    clean = []
    for item in items:
        slot, reason = item.get("slot", ""), clean_line(item.get("reason", ""), max_length=500)
        if slot not in slots:
            errors.setdefault("items", []).append(_("Unknown document."))
        elif not reason:
            errors[f"reason_{slot}"] = [_("Say why this document is needed.")]
        else:
            clean.append({"slot": slot, "reason": reason})
    if not items:
        errors["items"] = [_("Choose at least one document to ask for.")]
    if errors:
        raise AppError(
            "dossiers.bad_supplement", _("Please check the marked fields."), fields=errors
        )
    lines = [f"- {slots[i['slot']]}: {i['reason']}" for i in clean]
    text = "\n".join([*lines, note.strip()]).strip()
    with transaction.atomic():
        case_transition(
            case_id=dossier.case_id,
            action="request_supplement",
            actor=by,
            note=text,
            expected_version=expected_version,
            request=request,
        )
        rounds = dossier.supplements.count()
        return SupplementRequest.objects.create(
            dossier=dossier, round=rounds + 1, items=clean, note=note.strip(), requested_by=by
        )


def supplement_open(dossier: Dossier) -> SupplementRequest | None:
    return dossier.supplements.filter(answered_at__isnull=True).order_by("-round").first()


def dossier_supply(
    *,
    dossier: Dossier,
    user: User,
    files: dict[str, list[ProcessedUpload]],
    note: str = "",
    request: HttpRequest | None = None,
) -> SupplementRequest:
    """The applicant sends what was asked: every requested document at least once."""
    asked = supplement_open(dossier)
    state = Case.objects.filter(pk=dossier.case_id).values_list("state", flat=True).first()
    if asked is None or state != "supplement":
        raise AppError(
            "dossiers.no_supplement", _("Nothing is being asked for this dossier."), status=409
        )
    missing = [i["slot"] for i in asked.items if not files.get(i["slot"])]
    if missing:
        raise AppError(
            "dossiers.supplement_incomplete",
            _("Attach every document asked for."),
            fields={f"doc_{slot}": [_("Attach this document.")] for slot in missing},
        )
    with transaction.atomic():
        case_transition(
            case_id=dossier.case_id, action="supply", actor=user, note=note, request=request
        )
        dossier_files_store(dossier=dossier, files=files, user=user, round=asked.round)
        asked.answered_at = timezone.now()
        asked.save(update_fields=["answered_at"])
    return asked


def dossier_fee_request(
    *, dossier: Dossier, amount: int, by: User, request: HttpRequest | None = None
) -> Dossier:
    if amount <= 0 or amount > 1_000_000_000:
        raise AppError(
            "dossiers.bad_fee",
            _("Enter the amount due in đồng."),
            fields={"amount": [_("A whole number of đồng above zero.")]},
        )
    with transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(
            fee_amount=amount, fee_paid_at=None, fee_reference=""
        )
        case_transition(
            case_id=dossier.case_id,
            action="request_payment",
            actor=by,
            note=_("Amount due: %(amount)s đồng.") % {"amount": f"{amount:,}".replace(",", ".")},
            request=request,
        )
    return _reload(dossier)


def dossier_fee_paid(
    *, dossier: Dossier, by: User | None, reference: str, request: HttpRequest | None = None
) -> Dossier:
    """Recorded by the cashier (counter, transfer) or, later, by a payment provider's
    confirmation (payments module); only then may the dossier move on."""
    reference = clean_line(reference, max_length=100)
    if not reference:
        raise AppError(
            "dossiers.fee_reference",
            _("Enter the receipt or transaction number."),
            fields={"reference": [_("Required.")]},
        )
    with transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(
            fee_paid_at=timezone.now(), fee_reference=reference
        )
        case_transition(
            case_id=dossier.case_id,
            action="payment_received",
            actor=by,
            system=by is None,
            note=_("Paid, receipt %(reference)s.") % {"reference": reference},
            request=request,
        )
    return _reload(dossier)


def dossier_result_sign(
    *,
    dossier: Dossier,
    by: User,
    upload: ProcessedUpload,
    note: str = "",
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Dossier:
    """The approver approves and uploads the signed result (the e-result the citizen
    downloads, or the scan of the paper one)."""
    with transaction.atomic():
        document = dossier_files_store(
            dossier=dossier, files={"result": [upload]}, user=by, round=0
        )[0]
        case_transition(
            case_id=dossier.case_id,
            action="approve",
            actor=by,
            note=note,
            attachment_ids=(document.attachment_id,),
            expected_version=expected_version,
            request=request,
        )
        Dossier.objects.filter(pk=dossier.pk).update(result=document.attachment)
    return _reload(dossier)


def dossier_result_return(
    *, dossier: Dossier, by: User, note: str = "", request: HttpRequest | None = None
) -> Dossier:
    with transaction.atomic():
        case_transition(
            case_id=dossier.case_id, action="return_result", actor=by, note=note, request=request
        )
        Dossier.objects.filter(pk=dossier.pk).update(returned_at=timezone.now())
    return _reload(dossier)


def apology_due(case: Case, now: datetime | None = None) -> bool:
    """An apology may be issued for a dossier that is late or due within a day."""
    if case.closed_at is not None or case.due_at is None:
        return False
    return case.due_at <= (now or timezone.now()) + timedelta(days=1)


def dossier_apologise(
    *,
    dossier: Dossier,
    by: User,
    reason: str,
    new_due_at: datetime,
    request: HttpRequest | None = None,
) -> DossierApology:
    """Phiếu xin lỗi và hẹn lại: the reason, the new appointment, sent to the citizen."""
    case = dossier.case
    if rank_in(by, case.agency) < RANK["handler"]:
        raise PermissionDenied("dossiers.not_allowed", _("You may not do this."))
    reason = reason.strip()[:2000]
    errors: dict[str, list[str]] = {}
    if not apology_due(case):
        raise AppError(
            "dossiers.not_late", _("This dossier is not late: no apology is needed."), status=409
        )
    if len(reason) < 10:
        errors["reason"] = [_("Explain the reason for the delay.")]
    if new_due_at <= timezone.now() or (case.due_at and new_due_at <= case.due_at):
        errors["new_due_at"] = [_("The new date must be later than the current appointment.")]
    if errors:
        raise AppError("dossiers.bad_apology", _("Please check the marked fields."), fields=errors)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        apology = DossierApology.objects.create(
            dossier=dossier, reason=reason, old_due_at=case.due_at, new_due_at=new_due_at,
            issued_by=by,
        )  # fmt: skip
        case.due_at = new_due_at
        if case.paused_at is not None:  # paused: the new date counts from the resume
            case.remaining_seconds = remaining_seconds(case.paused_at, new_due_at)
        case.version += 1
        case.save(update_fields=["due_at", "remaining_seconds", "version", "updated_at"])
        CaseEvent.objects.create(
            case=case,
            actor=by,
            actor_label=by.shown_name,
            action="apology",
            note=reason,
            is_public=True,
            data={"new_due_at": new_due_at.isoformat()},
        )
        if case.applicant is not None:
            notification_enqueue(
                recipient=case.applicant,
                event="dossier.apology",
                context={
                    "case_code": case.code,
                    "agency_name": case.agency.name,
                    "new_date": timezone.localtime(new_due_at).strftime("%d/%m/%Y"),
                    "reason": reason,
                },
                link=f"/dossiers/{case.public_id}/",
            )
        audit_record(
            action="dossier.apology",
            request=request,
            actor=by,
            target=case,
            agency_code=case.agency.code,
            details={"new_due_at": new_due_at.isoformat()},
        )
        webhook_event_emit(event="dossier.apology", dossier=dossier)
    return apology


def dossier_withdraw(
    *, dossier: Dossier, user: User, reason: str, request: HttpRequest | None = None
) -> Dossier:
    case_transition(
        case_id=dossier.case_id, action="withdraw", actor=user, note=reason, request=request
    )
    return _reload(dossier)


# --- the rules whoever moves the case ---------------------------------------------------


def _guard_and_tell(case: Case, action: Action) -> None:
    """Runs inside every transition of a dossier, before its event is written."""
    dossier = Dossier.objects.select_related("procedure").filter(case=case).first()
    if dossier is None:  # the dossier row is made right after the case is opened
        return
    if action.code == "payment_received" and dossier.fee_paid_at is None:
        raise AppError(
            "dossiers.fee_unpaid",
            _("The fee has not been recorded as paid yet."),
            status=409,
        )
    if action.code == "return_result" and dossier.delivery == "online" and not dossier.result_id:
        raise AppError(
            "dossiers.no_result",
            _("Upload the signed result before returning it."),
            status=409,
        )
    dossier.case = case
    webhook_event_emit(event=f"dossier.{action.code}", dossier=dossier)


def state_name(case: Case) -> str:
    state = workflow_by_id(case.definition_id).states.get(case.state)
    return state.display_name if state else case.state


def register() -> None:
    on_transition("dossier", _guard_and_tell)
