"""Granting and revoking officials' roles (audited, refusals too)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from openprovince.agencies.models import Agency
from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError, PermissionDenied

from ..models import Role, RoleAssignment, User
from ..rules import can_grant, forget_roles


def _allowed_or_refuse(
    *,
    action: str,
    by: User,
    user: User,
    agency: Agency,
    role: str,
    request: HttpRequest | None,
    message: str,
) -> None:
    """Granting and removing a role need the same power: `can_grant` on that agency."""
    if can_grant(by, agency, role):
        return
    audit_record(
        action=action,
        request=request,
        actor=by,
        success=False,
        agency_code=agency.code,
        details={"user": user.get_username(), "role": role},
    )
    raise PermissionDenied(f"accounts.{action.replace('.', '_')}_refused", message)


def role_grant(
    *, by: User, user: User, agency: Agency, role: str, request: HttpRequest | None = None
) -> RoleAssignment:
    if role not in Role.values:
        raise AppError("accounts.bad_role", _("Unknown role."))
    _allowed_or_refuse(
        action="role.grant",
        by=by,
        user=user,
        agency=agency,
        role=role,
        request=request,
        message=_("You may not grant this role in this agency."),
    )
    with transaction.atomic():
        assignment, _created = RoleAssignment.objects.get_or_create(
            user=user, agency=agency, role=role, defaults={"granted_by": by}
        )
        if not user.is_staff:
            user.is_staff = True  # officials sign in to the back office
            user.save(update_fields=["is_staff"])
        audit_record(
            action="role.grant",
            request=request,
            actor=by,
            target=user,
            agency_code=agency.code,
            details={"role": role},
        )
    forget_roles(user)
    return assignment


def role_revoke(
    *, by: User, assignment: RoleAssignment, request: HttpRequest | None = None
) -> None:
    agency, user, role = assignment.agency, assignment.user, assignment.role
    _allowed_or_refuse(
        action="role.revoke",
        by=by,
        user=user,
        agency=agency,
        role=role,
        request=request,
        message=_("You may not remove this role in this agency."),
    )
    with transaction.atomic():
        assignment.delete()
        audit_record(
            action="role.revoke",
            request=request,
            actor=by,
            target=user,
            agency_code=agency.code,
            details={"role": role},
        )
    forget_roles(user)
