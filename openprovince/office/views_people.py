"""Officials and roles (agency admins), businesses to verify (handlers)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from openprovince.accounts.current import request_user
from openprovince.accounts.models import BusinessMember, Role, RoleAssignment, User
from openprovince.accounts.rules import agencies_visible_to
from openprovince.accounts.services.businesses import business_member_decide
from openprovince.accounts.services.roles import role_grant, role_revoke
from openprovince.core.access import official_required
from openprovince.core.errors import AppError

from .navigation import _handles, _manages_roles
from .views import office_render


class GrantForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("User name of the official"), max_length=150)
    agency = forms.CharField(label=gettext_lazy("Agency code"), max_length=40)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)


@official_required(_manages_roles, name="agency_admin")
@require_http_methods(["GET", "POST"])
def roles(request: HttpRequest) -> HttpResponse:
    managed = agencies_visible_to(request.user, min_role="agency_admin")
    form = GrantForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = User.objects.filter(username=data["username"].strip(), is_active=True).first()
        agency = managed.filter(code=data["agency"].strip()).first()
        if user is None:
            form.add_error("username", _("No active account has this user name."))
        elif agency is None:
            form.add_error("agency", _("You do not manage an agency with this code."))
        else:
            try:
                role_grant(
                    by=request_user(request),
                    user=user,
                    agency=agency,
                    role=data["role"],
                    request=request,
                )
            except AppError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(request, _("Role granted."))
                return redirect("office:roles")
        status = status if status != 200 else 400
    elif request.method == "POST":
        status = 400
    assignments = (
        RoleAssignment.objects.filter(agency__in=managed)
        .select_related("user", "agency")
        .order_by("agency__path", "user__username")
    )
    return office_render(
        request, "office/roles.html", {"form": form, "assignments": assignments}, "roles", status
    )


@official_required(_manages_roles, name="agency_admin")
@require_POST
def role_remove(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = RoleAssignment.objects.filter(
        pk=pk, agency__in=agencies_visible_to(request.user, min_role="agency_admin")
    ).first()
    if assignment is None:
        raise Http404
    try:
        role_revoke(by=request_user(request), assignment=assignment, request=request)
    except AppError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Role removed."))
    return redirect("office:roles")


@official_required(_handles, name="handler")
@require_http_methods(["GET", "POST"])
def businesses(request: HttpRequest) -> HttpResponse:
    scope = agencies_visible_to(request.user, min_role="handler")
    pending = (
        BusinessMember.objects.filter(
            status=BusinessMember.Status.PENDING, business__agency__in=scope
        )
        .select_related("business", "business__agency", "user")
        .order_by("requested_at")
    )
    if request.method == "POST":
        member = pending.filter(pk=request.POST.get("member", "0")).first()
        if member is None:
            raise Http404
        approve = request.POST.get("decision") == "approve"
        try:
            business_member_decide(
                by=request_user(request),
                member=member,
                approve=approve,
                reason=request.POST.get("reason", ""),
                request=request,
            )
        except AppError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Verified.") if approve else _("Rejected."))
        return redirect("office:businesses")
    return office_render(request, "office/businesses.html", {"pending": pending}, "businesses")
