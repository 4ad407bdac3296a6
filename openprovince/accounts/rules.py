"""Who may do what, for every module (DESIGN §4.4).

An official's role on an agency covers that agency and its whole subtree; an official may hold
roles in several agencies. Ranks rise: viewer < handler < approver < agency admin < province
admin. Modules ask these functions (and the `*_visible_to` selectors built on
`agencies_visible_to`) instead of reading RoleAssignment themselves.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from openprovince.agencies.models import Agency

from .models import Role, RoleAssignment, User

RANK: dict[str, int] = {
    Role.VIEWER: 1,
    Role.HANDLER: 2,
    Role.APPROVER: 3,
    Role.AGENCY_ADMIN: 4,
    Role.PROVINCE_ADMIN: 5,
}
_CACHE_ATTR = "_op_role_paths"


def _role_paths(user: Any) -> list[tuple[str, int]]:
    """(agency path, rank) for each role of the user, cached on the user object (one query
    per request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = [
            (path, RANK[Role(role)])
            for path, role in RoleAssignment.objects.filter(user=user).values_list(
                "agency__path", "role"
            )
        ]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def rank_in(user: Any, agency: Agency) -> int:
    """The highest rank the user holds over this agency (0: none)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return RANK[Role.PROVINCE_ADMIN]
    return max(
        (rank for path, rank in _role_paths(user) if agency.path.startswith(path)), default=0
    )


def can_view(user: Any, agency: Agency) -> bool:
    return rank_in(user, agency) >= RANK[Role.VIEWER]


def can_handle(user: Any, agency: Agency) -> bool:
    return rank_in(user, agency) >= RANK[Role.HANDLER]


def can_approve(user: Any, agency: Agency) -> bool:
    return rank_in(user, agency) >= RANK[Role.APPROVER]


def can_manage_roles(user: Any, agency: Agency) -> bool:
    return rank_in(user, agency) >= RANK[Role.AGENCY_ADMIN]


def is_official(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) or _role_paths(user))


def is_province_admin(user: Any) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(rank >= RANK[Role.PROVINCE_ADMIN] for _path, rank in _role_paths(user))


def can_grant(user: Any, agency: Agency, role: str) -> bool:
    """Agency admins grant roles up to agency admin in their subtree; only province admins
    grant province admin."""
    mine = rank_in(user, agency)
    wanted = RANK[Role(role)]
    if wanted >= RANK[Role.PROVINCE_ADMIN]:
        return mine >= RANK[Role.PROVINCE_ADMIN]
    return mine >= RANK[Role.AGENCY_ADMIN]


def sees_everything(user: Any) -> bool:
    """True when the user's roles cover every root of the agency tree (a province admin of a
    one-province installation): callers may then skip the agency filter."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    paths = [path for path, _rank in _role_paths(user)]
    if not paths:
        return False
    roots = Agency.objects.filter(parent__isnull=True).values_list("path", flat=True)
    return all(any(root.startswith(p) for p in paths) for root in roots)


def agencies_visible_to(user: Any, *, min_role: str = Role.VIEWER) -> QuerySet[Agency]:
    """Agencies (with their subtrees) where the user holds at least `min_role`."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Agency.objects.all()
    wanted = RANK[Role(min_role)]
    paths = [path for path, rank in _role_paths(user) if rank >= wanted]
    if not paths:
        return Agency.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Agency.objects.filter(condition)


__all__ = [
    "RANK",
    "User",
    "agencies_visible_to",
    "can_approve",
    "can_grant",
    "can_handle",
    "can_manage_roles",
    "can_view",
    "forget_roles",
    "is_official",
    "is_province_admin",
    "rank_in",
]
