"""JSON API for the communes/wards that verify shops (`/api/v1/office/shop-requests…`): the
verification requests of the official's agencies, one request with its shop, bank accounts and
the changes it proposes, and the workflow steps (verify, approve, ask for changes, reject)
through the case engine. Office browser sessions only (second factor done), like the other
office endpoints."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.decorators import decorate_view

from openprovince.accounts.api import office_session, private
from openprovince.accounts.models import User
from openprovince.accounts.rules import is_official
from openprovince.cases.selectors import (
    INBOX_PAGE_SIZE,
    InboxFilters,
    case_for_official,
    inbox_queryset,
)
from openprovince.cases.services.transitions import actions_available, case_transition
from openprovince.cases.timeline_data import case_timeline_data
from openprovince.core.errors import AppError, NotFound, PermissionDenied
from openprovince.core.text import parse_uuid, strip_invisible

from .api import (
    agency_ref,
    category_ref,
    hours_lines,
    photos_of,
    state_name,
)
from .models import Shop, ShopRequest
from .office import LABELS
from .payment_codes import shop_accounts
from .schemas import ActionIn, OfficeRequestDetailOut, OfficeRequestPageOut
from .services.registration import KIND, shop_values

router = Router(tags=["shops (office)"])

# The officials' steps; the owner's (resubmit, withdraw) are theirs alone.
OFFICE_ACTIONS = ("verify", "approve", "ask_changes", "reject")
MAX_NOTE = 5000


# --- Shaping ---------------------------------------------------------------------------------


def _summary(request: ShopRequest) -> dict[str, Any]:
    case, shop = request.case, request.shop
    return {
        "id": str(case.public_id),
        "code": case.code,
        "kind": request.kind,
        "shop_id": str(shop.public_id),
        "shop_name": shop.name,
        "category": category_ref(shop.category),
        "address": shop.address,
        "state": case.state,
        "state_name": state_name(case),
        "agency": agency_ref(case.agency),
        "assignee": case.assignee.shown_name if case.assignee else None,
        "due_at": case.due_at,
        "closed_at": case.closed_at,
        "created_at": request.created_at,
    }


def _changes(request: ShopRequest, now: dict[str, Any]) -> list[dict[str, Any]]:
    if request.kind != ShopRequest.Kind.CHANGE:
        return []
    return [
        {"field": name, "label": str(label), "before": now.get(name), "after": after}
        for name, label in LABELS.items()
        if (after := request.proposed.get(name)) != now.get(name)
    ]


def _detail(request: ShopRequest, user: User) -> dict[str, Any]:
    case, shop = request.case, request.shop
    now = shop_values(shop)
    change = request.kind == ShopRequest.Kind.CHANGE
    return {
        **_summary(request),
        "version": case.version,
        "shop": {
            "id": str(shop.public_id),
            "status": shop.status,
            "status_name": str(Shop.Status(shop.status).label),
            "certificate_code": shop.certificate_code,
            "owner": shop.owner.shown_name,
            "values": now,
            "hours_lines": hours_lines(shop),
            "accounts": shop_accounts(shop),
            "photos": photos_of(shop),
        },
        "proposed": request.proposed if change else None,
        "changes": _changes(request, now),
        "actions": [
            {"code": a.code, "name": a.display_name, "note_required": a.note_required}
            for a in actions_available(user=user, case=case)
            if a.code in OFFICE_ACTIONS
        ],
        "timeline": case_timeline_data(case, official=True),
    }


# --- Lookups ---------------------------------------------------------------------------------


def _official(request: HttpRequest) -> User:
    """Officials only: anyone else is 403."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    if not (user.is_staff and is_official(user)):
        raise PermissionDenied("shops.not_allowed", _("You may not verify shops."))
    return user


def _requests() -> QuerySet[ShopRequest]:
    return ShopRequest.objects.select_related(
        "case__agency", "case__assignee", "shop__category", "shop__ward", "shop__owner"
    )


def _load(user: User, found: uuid.UUID | None) -> ShopRequest | None:
    case = case_for_official(user=user, public_id=found) if found else None
    if case is None or case.kind != KIND:
        return None
    return _requests().filter(case=case).first()


def _for_official(request: HttpRequest, request_id: str) -> tuple[ShopRequest, User]:
    """A request of the official's agencies; outside them it is 404, like an unknown id."""
    user = _official(request)
    found = _load(user, parse_uuid(request_id))
    if found is None:
        raise NotFound("shops.request_not_found", _("No shop verification request has this id."))
    return found, user


# --- Endpoints -------------------------------------------------------------------------------


@router.get(
    "/office/shop-requests",
    response=OfficeRequestPageOut,
    auth=office_session,
    summary="Shop verification requests of your agencies (open ones, soonest due first)",
)
@decorate_view(private)
def list_requests(
    request: HttpRequest,
    state: str = "",
    agency: str = "",
    kind: str = "",
    closed: bool = False,
    page: int = 1,
) -> dict[str, Any]:
    """`kind`: registration or change; `closed`: the finished ones instead of the open."""
    user = _official(request)
    if kind and kind not in ShopRequest.Kind.values:
        message = _("Choose registration or change.")
        raise AppError("shops.bad_kind", message, fields={"kind": [message]})
    cases = inbox_queryset(
        user=user,
        filters=InboxFilters(kind=KIND, state=state[:40], agency=agency[:40], closed=closed),
    )
    found = _requests().filter(case__in=cases.values("pk"))
    if kind:
        found = found.filter(kind=kind)
    ordered = found.order_by("case__due_sort", "-case__priority", "case__id")
    result = Paginator(ordered, INBOX_PAGE_SIZE).get_page(max(1, min(page, 100_000)))
    return {
        "count": result.paginator.count,
        "page": result.number,
        "pages": result.paginator.num_pages,
        "items": [_summary(r) for r in result.object_list],
    }


@router.get(
    "/office/shop-requests/{request_id}",
    response=OfficeRequestDetailOut,
    auth=office_session,
    summary="A verification request with its shop, accounts, proposed changes and your steps",
)
@decorate_view(private)
def get_request(request: HttpRequest, request_id: str) -> dict[str, Any]:
    found, user = _for_official(request, request_id)
    return _detail(found, user)


@router.post(
    "/office/shop-requests/{request_id}/transition",
    response=OfficeRequestDetailOut,
    auth=office_session,
    summary="Take a step: verify, approve (certifies the shop or applies the change), "
    "ask_changes or reject (both with a note the owner sees)",
)
@decorate_view(private)
def transition_request(request: HttpRequest, request_id: str, body: ActionIn) -> dict[str, Any]:
    found, user = _for_official(request, request_id)
    action = body.action.strip()[:40]
    if action not in OFFICE_ACTIONS:
        message = _("Choose one of the steps offered.")
        raise AppError("shops.bad_action", message, fields={"action": [message]})
    case_transition(
        case_id=found.case_id,
        action=action,
        actor=user,
        note=strip_invisible(body.note, keep_newlines=True).strip()[:MAX_NOTE],
        expected_version=body.version,
        request=request,
    )
    fresh = _load(user, found.case.public_id) or _requests().get(pk=found.pk)
    return _detail(fresh, user)
