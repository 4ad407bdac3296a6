"""Citizen sign-in (phone code) and the "My account" pages."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from openprovince.core.access import debug_only, no_store, public, signed_in
from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError
from openprovince.core.text import clean_line

from .backends import ACCOUNT_BACKEND
from .forms import BusinessForm, CodeForm, PhoneForm, ProfileForm
from .models import BusinessMember, ConsentPurpose, User
from .phone import phone_masked
from .services.businesses import business_request
from .services.privacy import consent_give, consent_withdraw, user_data_export, user_delete
from .services.signin_phone import phone_code_send, phone_code_verify

PENDING_PHONE, PENDING_NEXT = "signin_phone", "signin_next"


def safe_next(request: HttpRequest, raw: str | None, default: str = "/") -> str:
    if raw and url_has_allowed_host_and_scheme(
        raw, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return raw
    return default


def form_errors_from(form: forms.Form, exc: AppError) -> None:
    """Show a service's error on a form: the message on top, details at their fields."""
    form.add_error(None, exc.message)
    for field, problems in exc.fields.items():
        if field in form.fields:
            for problem in problems:
                form.add_error(field, problem)


@public
@require_http_methods(["GET", "POST"])
def signin(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url)
    form = PhoneForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            phone = phone_code_send(raw_phone=form.cleaned_data["phone"], request=request)
        except AppError as exc:
            form_errors_from(form, exc)
            status = exc.status
        else:
            request.session[PENDING_PHONE] = phone
            request.session[PENDING_NEXT] = next_url
            return redirect("accounts:signin_code")
    elif request.method == "POST":
        status = 400
    return no_store(
        render(request, "accounts/signin.html", {"form": form, "next": next_url}, status=status)
    )


@public
@require_http_methods(["GET", "POST"])
def signin_code(request: HttpRequest) -> HttpResponse:
    phone = request.session.get(PENDING_PHONE)
    if not phone:
        return redirect("accounts:signin")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = phone_code_verify(
                raw_phone=phone, code=form.cleaned_data["code"], request=request
            )
        except AppError as exc:
            form_errors_from(form, exc)
            status = exc.status
        else:
            next_url = request.session.get(PENDING_NEXT, "/")
            login(request, user, backend=ACCOUNT_BACKEND)  # a new session key: no fixation
            return redirect(safe_next(request, next_url))
    elif request.method == "POST":
        status = 400
    return no_store(
        render(
            request,
            "accounts/signin_code.html",
            {"form": form, "phone": phone_masked(phone)},
            status=status,
        )
    )


@public
@require_POST
def signin_resend(request: HttpRequest) -> HttpResponse:
    phone = request.session.get(PENDING_PHONE)
    if not phone:
        return redirect("accounts:signin")
    try:
        phone_code_send(raw_phone=phone, request=request)
    except AppError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("A new code was sent."))
    return redirect("accounts:signin_code")


@public
@require_POST
def signout(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit_record(action="signout", request=request)
    logout(request)
    return redirect("web:home")


@signed_in
@require_http_methods(["GET", "POST"])
def me(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = ProfileForm(request.POST or None, initial={"display_name": user.display_name})
    if request.method == "POST" and form.is_valid():
        user.display_name = clean_line(form.cleaned_data["display_name"], max_length=120)
        user.save(update_fields=["display_name"])
        messages.success(request, _("Saved."))
        return redirect("accounts:me")
    memberships = BusinessMember.objects.filter(user=user).select_related("business")
    return render(
        request,
        "accounts/me.html",
        {
            "form": form,
            "memberships": memberships,
            "phone": phone_masked(user.phone) if user.phone else "",
        },
        status=400 if request.method == "POST" else 200,  # a valid POST redirected above
    )


@signed_in
def my_data(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    body = json.dumps(user_data_export(user=user), ensure_ascii=False, indent=1)
    audit_record(action="account.export", request=request, target=user)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@signed_in
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm."))
            return redirect("accounts:delete")
        user_delete(user=user, request=request)
        logout(request)
        messages.success(request, _("Your account was deleted."))
        return redirect("web:home")
    return render(request, "accounts/delete.html")


@signed_in
@require_http_methods(["GET", "POST"])
def consents(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    purposes = list(ConsentPurpose.objects.filter(is_active=True).order_by("code", "-version"))
    latest = {p.code: p for p in reversed(purposes)}  # the highest version of each code
    if request.method == "POST":
        purpose = latest.get(request.POST.get("purpose", ""))
        if purpose is None:
            raise Http404
        if request.POST.get("action") == "give":
            consent_give(user=user, purpose=purpose, request=request)
            messages.success(request, _("Thank you. You can withdraw this at any time."))
        else:
            consent_withdraw(user=user, purpose_code=purpose.code, request=request)
            messages.success(request, _("Withdrawn."))
        return redirect("accounts:consents")
    given = set(
        user.consents.filter(withdrawn_at__isnull=True).values_list(
            "purpose__code", "purpose__version"
        )
    )
    rows = [(p, (p.code, p.version) in given) for p in latest.values()]
    return render(request, "accounts/consents.html", {"rows": rows})


@signed_in
@require_http_methods(["GET", "POST"])
def business_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = BusinessForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            business_request(
                user=user,
                tax_code=data["tax_code"],
                name=data["name"],
                address=data["address"],
                agency=data["agency"],
                request=request,
            )
        except AppError as exc:
            form_errors_from(form, exc)
            status = exc.status
        else:
            messages.success(
                request,
                _(
                    "Sent. An official of the commune or ward will verify "
                    "it; you will see the result here."
                ),
            )
            return redirect("accounts:me")
    elif request.method == "POST":
        status = 400
    return render(request, "accounts/business_new.html", {"form": form}, status=status)


@debug_only
def dev_sms(request: HttpRequest) -> HttpResponse:
    from openprovince.notifications.models import DevSmsMessage

    return no_store(
        render(
            request, "accounts/dev_sms.html", {"messages_sent": DevSmsMessage.objects.all()[:20]}
        )
    )
