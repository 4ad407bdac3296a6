"""Sending a dossier: where it goes, the case, the answers and files, the receipt's
appointment date, the audit trail and the webhook — in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.accounts.models import User
from openprovince.accounts.phone import phone_normalise
from openprovince.agencies.models import Agency
from openprovince.cases.models import Case
from openprovince.cases.services.opening import case_open
from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError
from openprovince.core.uploads.kinds import ProcessedUpload

from ..models import Delivery, Dossier, DossierDraft, Procedure
from ..webhooks.outbox import webhook_event_emit
from .files import dossier_files_store


def dossier_agencies(*, procedure: Procedure) -> list[Agency]:
    """Where a dossier of this procedure may be sent: the fixed agency, or every agency of
    the competent types (the citizen chooses theirs)."""
    if procedure.agency_id is not None:
        return [procedure.agency] if procedure.agency is not None else []
    types = list(procedure.agency_types.values_list("pk", flat=True))
    return list(Agency.objects.filter(type_id__in=types, is_active=True).order_by("name"))


def dossier_agency(*, procedure: Procedure, code: str) -> Agency:
    allowed = dossier_agencies(procedure=procedure)
    if len(allowed) == 1 and procedure.agency_id is not None:
        return allowed[0]
    found = next((a for a in allowed if a.code == code), None)
    if found is None:
        raise AppError(
            "dossiers.bad_agency",
            _("Choose the office that handles your dossier."),
            fields={"agency": [_("Choose one office from the list.")]},
        )
    return found


@dataclass(frozen=True)
class Sending:
    """What the citizen chose besides the form: where, how to get the result, a phone."""

    agency: Agency
    contact_phone: str
    delivery: str = Delivery.ONLINE
    post_address: str = ""
    channel: str = Case.Channel.WEB


def dossier_sending_check(
    *, procedure: Procedure, agency_code: str, phone: str, delivery: str, post_address: str
) -> Sending:
    errors: dict[str, list[str]] = {}
    agency = None
    try:
        agency = dossier_agency(procedure=procedure, code=agency_code)
    except AppError as exc:
        errors.update(exc.fields)
    try:
        contact = phone_normalise(phone)
    except AppError:
        contact = ""
        errors["contact_phone"] = [_("Enter a Vietnamese mobile number, e.g. 0912 345 678.")]
    if delivery not in Delivery.values:
        errors["delivery"] = [_("Choose how to receive the result.")]
    post_address = post_address.strip()[:300]
    if delivery == Delivery.POST and len(post_address) < 10:
        errors["post_address"] = [_("Write the full address for the post.")]
    if errors or agency is None:
        raise AppError("dossiers.invalid", _("Please check the marked fields."), fields=errors)
    return Sending(
        agency=agency, contact_phone=contact, delivery=delivery, post_address=post_address
    )


def _throttle(user: User) -> None:
    since = timezone.now() - timedelta(days=1)
    sent = Case.objects.filter(kind="dossier", applicant=user, created_at__gte=since).count()
    if sent >= settings.DOSSIERS_MAX_PER_USER_DAY:
        raise AppError(
            "dossiers.too_many",
            _("You have sent many dossiers today. Please continue tomorrow."),
            status=429,
        )


def dossier_submit(
    *,
    procedure: Procedure,
    user: User,
    answers: dict[str, Any],
    files: dict[str, list[ProcessedUpload]],
    sending: Sending,
    request: HttpRequest | None = None,
) -> Dossier:
    """`answers` and `files` come checked from the form engine (formschema.answers_clean)."""
    if not procedure.is_active:
        raise AppError("dossiers.inactive", _("This procedure is no longer offered online."))
    _throttle(user)
    with transaction.atomic():
        case = case_open(
            kind="dossier",
            title=procedure.name,
            agency=sending.agency,
            applicant=user,
            channel=sending.channel,
            due_working_days=procedure.processing_days,
        )
        assert case.due_at is not None
        dossier = Dossier.objects.create(
            case=case,
            procedure=procedure,
            answers=answers,
            contact_phone=sending.contact_phone,
            delivery=sending.delivery,
            post_address=sending.post_address,
            appointment_at=case.due_at,
            fee_amount=procedure.fee_total,
        )
        dossier_files_store(dossier=dossier, files=files, user=user)
        DossierDraft.objects.filter(user=user, procedure=procedure).delete()
        audit_record(
            action="dossier.submit",
            request=request,
            actor=user,
            target=case,
            agency_code=sending.agency.code,
            details={"procedure": procedure.code},
        )
        webhook_event_emit(event="dossier.submitted", dossier=dossier)
    return dossier


def dossier_draft_save(*, procedure: Procedure, user: User, answers: dict[str, Any]) -> None:
    DossierDraft.objects.update_or_create(
        user=user, procedure=procedure, defaults={"answers": answers}
    )


def dossier_draft_answers(*, procedure: Procedure, user: User) -> dict[str, Any] | None:
    draft = DossierDraft.objects.filter(user=user, procedure=procedure).first()
    return draft.answers if draft is not None else None
