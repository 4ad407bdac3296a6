"""Officials' sign-in: password, then the authenticator app (enrolled on first sign-in)."""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from openprovince.accounts.backends import ACCOUNT_BACKEND
from openprovince.accounts.forms import PasswordSignInForm, SecondFactorForm
from openprovince.accounts.models import User
from openprovince.accounts.services.officials import (
    official_check_password,
    official_check_second_factor,
    totp_device_of,
    totp_enrolment_confirm,
    totp_enrolment_start,
)
from openprovince.accounts.totp import totp_uri
from openprovince.accounts.views import safe_next
from openprovince.core.access import SECOND_FACTOR_KEY, no_store, public
from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError
from openprovince.web.brand import brand_current

NEW_CODES = "op_recovery_codes"


def _next(request: HttpRequest) -> str:
    return safe_next(request, request.POST.get("next") or request.GET.get("next"), "/office/")


@public
@require_http_methods(["GET", "POST"])
def login_password(request: HttpRequest) -> HttpResponse:
    form = PasswordSignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = official_check_password(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                request=request,
            )
        except AppError as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            login(request, user, backend=ACCOUNT_BACKEND)
            request.session[SECOND_FACTOR_KEY] = False
            return redirect(f"/office/login/2fa/?{urlencode({'next': _next(request)})}")
    elif request.method == "POST":
        status = 400
    return no_store(
        render(request, "office/login.html", {"form": form, "next": _next(request)}, status=status)
    )


def _pending_official(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_active and user.is_staff else None


@public
@require_http_methods(["GET", "POST"])
def login_second_factor(request: HttpRequest) -> HttpResponse:
    user = _pending_official(request)
    if user is None:
        return redirect("office:login")
    if request.session.get(SECOND_FACTOR_KEY):
        return redirect(_next(request))
    if totp_device_of(user) is None:
        return redirect(f"/office/2fa/setup/?{urlencode({'next': _next(request)})}")
    form = SecondFactorForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            method = official_check_second_factor(
                user=user, code=form.cleaned_data["code"], request=request
            )
        except AppError as exc:
            if exc.code == "accounts.locked":
                logout(request)
                messages.error(request, exc.message)
                return redirect("office:login")
            form.add_error("code", exc.message)
            status = exc.status
        else:
            request.session.cycle_key()
            request.session[SECOND_FACTOR_KEY] = True
            if method == "recovery_code":
                messages.warning(
                    request,
                    _(
                        "You used a recovery code. Set up your authenticator "
                        "again if you lost your phone."
                    ),
                )
            return redirect(_next(request))
    elif request.method == "POST":
        status = 400
    return no_store(
        render(
            request, "office/login_2fa.html", {"form": form, "next": _next(request)}, status=status
        )
    )


@public
@require_http_methods(["GET", "POST"])
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """First sign-in of an official: enrol an authenticator app before anything else."""
    user = _pending_official(request)
    if user is None:
        return redirect("office:login")
    if totp_device_of(user) is not None:
        # Replacing a device is done by a platform admin (delete it in the admin) for now.
        return redirect("office:login_2fa")
    device = totp_enrolment_start(user=user)
    form = SecondFactorForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            codes = totp_enrolment_confirm(
                user=user, code=form.cleaned_data["code"], request=request
            )
        except AppError as exc:
            form.add_error("code", exc.message)
            status = exc.status
        else:
            request.session.cycle_key()
            request.session[SECOND_FACTOR_KEY] = True
            request.session[NEW_CODES] = codes
            return redirect(f"/office/2fa/codes/?{urlencode({'next': _next(request)})}")
    elif request.method == "POST":
        status = 400
    uri = totp_uri(device.secret, account=user.get_username(), issuer=brand_current().name)
    qr = segno.make(uri, error="m").svg_inline(scale=5, border=2, title=_("QR code to scan"))
    spaced = " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4))
    return no_store(
        render(
            request,
            "office/2fa_setup.html",
            {"form": form, "qr_svg": qr, "secret": spaced, "next": _next(request)},
            status=status,
        )
    )


@public
def second_factor_codes(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop(NEW_CODES, None)
    if not codes or _pending_official(request) is None:
        return redirect("office:home")
    return no_store(
        render(request, "office/2fa_codes.html", {"codes": codes, "next": _next(request)})
    )


@public
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit_record(action="signout", request=request)
    logout(request)
    return redirect("office:login")
