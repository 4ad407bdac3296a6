"""Citizen pages: applying for a procedure, the receipt, the dossier (status, supplements,
withdrawal, the result) and the lookup by code and phone without signing in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from openprovince.accounts.current import request_user
from openprovince.accounts.models import User
from openprovince.accounts.phone import phone_display
from openprovince.cases.definitions import workflow_by_id
from openprovince.cases.selectors import case_timeline, is_overdue
from openprovince.core.access import public, signed_in
from openprovince.core.errors import AppError
from openprovince.core.uploads import upload_response

from . import formschema
from .models import Delivery, Dossier
from .selectors import (
    OTHER_SLOT,
    dossier_of_applicant,
    dossier_rounds,
    procedure_for_apply,
    slot_names,
)
from .services.fees import dossier_fee_order
from .services.handling import dossier_supply, dossier_withdraw, supplement_open
from .services.lookup import dossier_lookup
from .services.submission import (
    dossier_agencies,
    dossier_draft_answers,
    dossier_draft_save,
    dossier_sending_check,
    dossier_submit,
)


@signed_in
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, code: str) -> HttpResponse:
    """The procedure's form (from its schema), its document slots, where to send it and how
    to get the result. Buttons: add a row to a group, save a draft, send."""
    procedure = procedure_for_apply(code=code)
    if procedure is None:
        raise Http404
    me = request_user(request)
    schema, documents = procedure.form_schema, procedure.documents
    errors: dict[str, list[str]] = {}
    message, status = "", 200
    post = request.POST
    rows = formschema.group_rows_from(post, schema) if request.method == "POST" else {}
    if request.method == "GET":
        answers = dossier_draft_answers(procedure=procedure, user=me)
        if answers is None:
            answers = formschema.answers_initial(schema, user=me)
        else:
            message = _("Your saved draft is filled in. Attach the files again before sending.")
        values = {"contact_phone": phone_display(me.phone) if me.phone else ""}
    else:
        values = post
        add_row = post.get(formschema.ADD_ROW, "")
        clean = formschema.answers_clean(
            schema,
            post,
            documents=documents,
            files=request.FILES,
            require_documents="save_draft" not in post and not add_row,
        )
        answers = clean.values  # what was typed, shown again where it was not valid
        # "Add a row" without JavaScript: group_rows_from gave the group one more row; the
        # form comes back as typed, nothing checked yet.
        if not add_row and "save_draft" in post:
            # As typed, even where not valid yet: a draft is for finishing later.
            dossier_draft_save(procedure=procedure, user=me, answers=clean.values)
            messages.success(request, _("Draft saved. You can come back and send it later."))
            return redirect("dossiers:apply", code=procedure.code)
        elif not add_row:
            message, status, dossier = _send(request, procedure, me, clean)
            if dossier is not None:
                return redirect("dossiers:receipt", public_id=dossier.case.public_id)
            errors = dict(clean.errors)
    agencies = dossier_agencies(procedure=procedure)
    return render(
        request,
        "dossiers/apply.html",
        {
            "procedure": procedure,
            "fields": formschema.form_fields(
                schema, answers=answers, errors=errors, group_rows=rows
            ),
            "slots": formschema.document_slots(documents, errors=errors),
            "agencies": agencies,
            "fixed_agency": procedure.agency if procedure.agency_id else None,
            "deliveries": Delivery.choices,
            "errors": errors,
            "message": message,
            "values": values,
        },
        status=status,
    )


def _send(
    request: HttpRequest, procedure: Any, me: User, clean: formschema.CleanForm
) -> tuple[str, int, Dossier | None]:
    """Check where and how, then send. Returns (message, status, the dossier if sent);
    problems are added to `clean.errors`."""
    post = request.POST
    try:
        sending = dossier_sending_check(
            procedure=procedure,
            agency_code=post.get("agency", ""),
            phone=post.get("contact_phone", ""),
            delivery=post.get("delivery", ""),
            post_address=post.get("post_address", ""),
        )
    except AppError as exc:
        clean.errors.update(exc.fields)
        sending = None
    if clean.errors or sending is None:
        message = _("Please check the marked fields.")
        if request.FILES:
            message += " " + _("Attach the files again: they were not kept.")
        return message, 400, None
    try:
        dossier = dossier_submit(
            procedure=procedure,
            user=me,
            answers=clean.answers,
            files=clean.files,
            sending=sending,
            request=request,
        )
    except AppError as exc:
        return exc.message, exc.status, None
    return "", 200, dossier


def _applicant_dossier(request: HttpRequest, public_id: Any) -> Dossier:
    dossier = dossier_of_applicant(user=request_user(request), public_id=public_id)
    if dossier is None:
        raise Http404
    return dossier


@signed_in
def receipt(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả: printable, with a QR code to the lookup."""
    dossier = _applicant_dossier(request, public_id)
    lookup = f"{reverse('dossiers:lookup')}?code={dossier.case.code}"
    return render(
        request,
        "dossiers/receipt.html",
        {
            "dossier": dossier,
            "case": dossier.case,
            "lookup_path": lookup,
            "documents": dict(dossier_rounds(dossier=dossier)).get(0, []),
            "phone": phone_display(dossier.contact_phone),
        },
    )


@signed_in
def detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    dossier = _applicant_dossier(request, public_id)
    return _detail(request, dossier)


def _detail(request: HttpRequest, dossier: Dossier, status: int = 200) -> HttpResponse:
    case = dossier.case
    workflow = workflow_by_id(case.definition_id)
    asked = supplement_open(dossier) if case.state == "supplement" else None
    names = slot_names(dossier.procedure)
    return render(
        request,
        "dossiers/detail.html",
        {
            "dossier": dossier,
            "case": case,
            "state": workflow.states[case.state],
            "overdue": is_overdue(case),
            "timeline": case_timeline(case=case, public_only=True),
            "rounds": dossier_rounds(dossier=dossier),
            "asked": [
                {
                    "slot": item["slot"],
                    "name": names.get(item["slot"], names[OTHER_SLOT]),
                    "reason": item["reason"],
                }
                for item in (asked.items if asked else [])
            ],
            "apologies": list(dossier.apologies.all()),
            "can_withdraw": case.state in workflow.actions["withdraw"].sources,
            "fee_due": case.state == "payment" and dossier.fee_paid_at is None,
            "result": dossier.result if case.state in {"processed", "returned"} else None,
        },
        status=status,
    )


@signed_in
@require_POST
def supply(request: HttpRequest, public_id: Any) -> HttpResponse:
    dossier = _applicant_dossier(request, public_id)
    asked = supplement_open(dossier)
    slots = [
        {"code": i["slot"], "name": i["slot"], "required": True}
        for i in (asked.items if asked else [])
    ]
    clean = formschema.answers_clean(
        {"fields": []}, request.POST, documents=slots, files=request.FILES
    )
    try:
        if clean.errors:
            raise AppError(
                "dossiers.supplement_incomplete",
                _("Attach every document asked for."),
                fields=dict(clean.errors),
            )
        dossier_supply(
            dossier=dossier,
            user=request_user(request),
            files=clean.files,
            note=request.POST.get("note", ""),
            request=request,
        )
    except AppError as exc:
        messages.error(request, exc.message)
        for problems in exc.fields.values():
            for problem in problems:
                messages.error(request, problem)
        return _detail(request, dossier, status=exc.status)
    messages.success(request, _("Supplement sent. The office continues with your dossier."))
    return redirect("dossiers:detail", public_id=public_id)


@signed_in
@require_POST
def withdraw(request: HttpRequest, public_id: Any) -> HttpResponse:
    dossier = _applicant_dossier(request, public_id)
    try:
        dossier_withdraw(
            dossier=dossier, user=request_user(request), reason=request.POST.get("reason", ""),
            request=request,
        )  # fmt: skip
    except AppError as exc:
        messages.error(request, exc.message)
        return _detail(request, dossier, status=exc.status)
    messages.success(request, _("Your dossier was withdrawn."))
    return redirect("dossiers:detail", public_id=public_id)


@signed_in
@require_POST
def pay_fee(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The applicant pays the asked fee online: to the payment page of its order."""
    dossier = _applicant_dossier(request, public_id)
    try:
        order = dossier_fee_order(dossier=dossier, user=request_user(request))
    except AppError as exc:
        messages.error(request, exc.message)
        return _detail(request, dossier, status=exc.status)
    return redirect("payments:checkout", public_id=order.public_id)


@signed_in
def result_file(request: HttpRequest, public_id: Any) -> HttpResponseBase:
    """The e-result, for the applicant only, once it is signed."""
    dossier = _applicant_dossier(request, public_id)
    if dossier.result is None or dossier.case.state not in {"processed", "returned"}:
        raise Http404
    return upload_response(
        name=dossier.result.storage_name,
        download_name=f"ket-qua-{dossier.case.code}",
        inline=request.GET.get("download") != "1",
    )


@public
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """Code + phone → the state and dates only. POST, so the phone stays out of URLs and
    logs; the QR on the receipt fills in the code."""
    found, message, status = None, "", 200
    values = request.POST if request.method == "POST" else request.GET
    if request.method == "POST":
        try:
            found = dossier_lookup(
                code=request.POST.get("code", ""),
                phone=request.POST.get("phone", ""),
                request=request,
            )
        except AppError as exc:
            message, status = exc.message, exc.status
    context: dict[str, Any] = {"values": values, "message": message, "found": found}
    if found is not None:
        workflow = workflow_by_id(found.case.definition_id)
        context.update(
            state=workflow.states[found.case.state],
            overdue=is_overdue(found.case),
            steps=[
                e
                for e in case_timeline(case=found.case, public_only=True)
                if getattr(e, "to_state", "")
            ],
        )
    response = render(request, "dossiers/lookup.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response
