"""The officials' page for a dossier: the answers and documents by round, the one-stop steps
(receive, refuse with a reason, review, supplement with a reason per document, fee, approval
with the signed result, return), the apology when late, and printable slips."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openprovince.accounts.current import request_user
from openprovince.accounts.models import User
from openprovince.accounts.phone import phone_display
from openprovince.accounts.rules import agencies_visible_to, is_official
from openprovince.cases.selectors import case_timeline, is_overdue
from openprovince.cases.services.transitions import actions_available, case_transition
from openprovince.core.access import official_required
from openprovince.core.errors import AppError
from openprovince.core.uploads import DOCUMENT, upload_process
from openprovince.office.views import office_render

from .answers_view import answers_display
from .selectors import dossier_for_official, dossier_rounds, slot_names
from .services.handling import (
    apology_due,
    dossier_apologise,
    dossier_fee_paid,
    dossier_fee_request,
    dossier_request_supplement,
    dossier_result_return,
    dossier_result_sign,
    state_name,
)
from .stats import PERIODS, dossier_stats

# Steps with their own form on this page (reasons per document, amounts, the signed file).
OWN_FORMS = {"request_supplement", "request_payment", "payment_received", "approve"}
SLIPS = {"receipt", "supplement", "refusal", "apology"}


def _dossier(request: HttpRequest, public_id: Any) -> Any:
    dossier = dossier_for_official(user=request_user(request), public_id=public_id)
    if dossier is None:
        raise Http404
    return dossier


@official_required(is_official, name="official")
@require_http_methods(["GET", "POST"])
def dossier_page(request: HttpRequest, public_id: Any) -> HttpResponse:
    me = request_user(request)
    dossier = _dossier(request, public_id)
    status = 200
    if request.method == "POST":
        try:
            _handle(request, me, dossier)
        except AppError as exc:
            messages.error(request, exc.message)
            for problems in exc.fields.values():
                for problem in problems:
                    messages.error(request, problem)
            status = exc.status
        else:
            return redirect("office:dossier", public_id=public_id)
        dossier = _dossier(request, public_id)
    case = dossier.case
    available = actions_available(user=me, case=case)
    return office_render(
        request,
        "dossiers/office_detail.html",
        {
            "dossier": dossier,
            "case": case,
            "state": state_name(case),
            "overdue": is_overdue(case),
            "answers": answers_display(dossier.procedure.form_schema, dossier.answers),
            "rounds": dossier_rounds(dossier=dossier),
            "supplements": list(dossier.supplements.all()),
            "slots": slot_names(dossier.procedure),
            "steps": [a for a in available if a.code not in OWN_FORMS],
            "can": {a.code for a in available},
            "apology_due": apology_due(case) and any(a.roles for a in available),
            "apologies": list(dossier.apologies.all()),
            "timeline": case_timeline(case=case, public_only=False),
            "phone": phone_display(dossier.contact_phone),
        },
        "home",
        status,
    )


def _date(raw: str) -> datetime | None:
    try:
        day = datetime.strptime(raw.strip(), "%Y-%m-%d").date()
    except ValueError:
        return None
    return timezone.make_aware(datetime.combine(day, time(17, 0)))


def _handle(request: HttpRequest, me: User, dossier: Any) -> None:
    post = request.POST
    what = post.get("do", "")
    version = int(post["version"]) if post.get("version", "").isdigit() else None
    if what == "step":
        case_transition(
            case_id=dossier.case_id,
            action=post.get("action", "")[:40],
            actor=me,
            note=post.get("note", ""),
            expected_version=version,
            request=request,
        )
    elif what == "supplement":
        items = [
            {"slot": slot, "reason": post.get(f"reason_{slot}", "")}
            for slot in post.getlist("slot")
        ]
        dossier_request_supplement(
            dossier=dossier,
            items=items,
            note=post.get("note", ""),
            by=me,
            expected_version=version,
            request=request,
        )
    elif what == "fee":
        raw = post.get("amount", "").replace(".", "").replace(",", "").strip()
        dossier_fee_request(
            dossier=dossier, amount=int(raw) if raw.isdigit() else 0, by=me, request=request
        )
    elif what == "paid":
        dossier_fee_paid(
            dossier=dossier, by=me, reference=post.get("reference", ""), request=request
        )
    elif what == "approve":
        upload = request.FILES.get("result")
        if not isinstance(upload, UploadedFile):
            raise AppError(
                "dossiers.no_result",
                _("Upload the signed result."),
                fields={"result": [_("Required.")]},
            )
        processed = upload_process(data=upload, filename=upload.name or "", kind=DOCUMENT)
        dossier_result_sign(
            dossier=dossier,
            by=me,
            upload=processed,
            note=post.get("note", ""),
            expected_version=version,
            request=request,
        )
    elif what == "return":
        dossier_result_return(dossier=dossier, by=me, note=post.get("note", ""), request=request)
    elif what == "apology":
        when = _date(post.get("new_date", ""))
        if when is None:
            raise AppError(
                "dossiers.bad_apology",
                _("Please check the marked fields."),
                fields={"new_due_at": [_("Choose the new date.")]},
            )
        dossier_apologise(
            dossier=dossier, by=me, reason=post.get("reason", ""), new_due_at=when,
            request=request,
        )  # fmt: skip
    else:
        raise AppError("dossiers.bad_request", _("Nothing to do."))
    messages.success(request, _("Done."))


@official_required(is_official, name="official")
@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("days", "")
    days = int(raw) if raw.isdigit() and int(raw) in PERIODS else PERIODS[0]
    rows, total = dossier_stats(agencies=agencies_visible_to(request_user(request)), days=days)
    return office_render(
        request,
        "dossiers/office_stats.html",
        {"rows": rows, "total": total, "days": days, "periods": PERIODS},
        "dossier_stats",
    )


@official_required(is_official, name="official")
@require_GET
def slip(request: HttpRequest, public_id: Any, kind: str) -> HttpResponse:
    """Printable slips: receipt, supplement request, refusal, apology."""
    if kind not in SLIPS:
        raise Http404
    dossier = _dossier(request, public_id)
    case = dossier.case
    context: dict[str, Any] = {
        "dossier": dossier,
        "case": case,
        "kind": kind,
        "phone": phone_display(dossier.contact_phone),
        "applicant": case.applicant,
    }
    if kind == "supplement":
        context["request_"] = dossier.supplements.order_by("-round").first()
        if context["request_"] is None:
            raise Http404
        names = slot_names(dossier.procedure)
        context["items"] = [
            (names.get(i["slot"], i["slot"]), i["reason"]) for i in context["request_"].items
        ]
    elif kind == "refusal":
        event = case.events.filter(action="refuse").order_by("-at").first()
        if event is None:
            raise Http404
        context["event"] = event
    elif kind == "apology":
        context["apology"] = dossier.apologies.order_by("-created_at").first()
        if context["apology"] is None:
            raise Http404
    return office_render(request, "dossiers/slip.html", context, "home")
