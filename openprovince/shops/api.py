"""JSON API for "Cửa hàng 4.0" shops (`/api/v1/shops…`, `/api/v1/me/shops…`): the public
directory (search, filters, open now, near me) and a certified shop with its payment VietQR;
an owner's drafts, sending them to the ward, and change requests to a certified shop. The
wards' verification is in api_office.py; the shapes in schemas.py.

Handlers parse input, call a service or selector and shape the answer; the services decide who
may do what. Public answers never carry the owner's name or tax code, nor the phone unless the
owner chose to show it; drafts and shops not yet certified are never public.
"""

from __future__ import annotations

import math
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile as UploadedPhoto

from openprovince.accounts.api import private, signed_in
from openprovince.accounts.current import api_user
from openprovince.accounts.models import User
from openprovince.accounts.phone import phone_display
from openprovince.agencies.models import Agency
from openprovince.cases.definitions import workflow_by_id
from openprovince.cases.models import Case
from openprovince.cases.services.transitions import case_transition
from openprovince.cases.timeline_data import case_timeline_data
from openprovince.core.errors import AppError, NotFound
from openprovince.core.geo import valid_point
from openprovince.core.text import parse_uuid

from .hours import hours_format, is_open
from .models import PaymentMethod, Shop, ShopCategory, ShopRequest
from .payment_codes import shop_accounts
from .schemas import (
    CategoryOut,
    MethodOut,
    MyShopOut,
    MyShopPageOut,
    ShopDetailOut,
    ShopIn,
    ShopPageOut,
)
from .selectors import (
    SEARCH_LIMIT,
    Filters,
    shops_directory,
    shops_directory_count,
    shops_near,
    shops_owned,
    shops_public,
)
from .services.photos import shop_draft_delete, shop_photo_remove, shop_photos_add
from .services.registration import (
    shop_change_propose,
    shop_draft_save,
    shop_submit,
    shop_values,
)

router = Router(tags=["shops"])

PAGE_SIZE = 30
NEAR_LIMIT = 20
MAX_QUERY = 100


# --- Shaping ---------------------------------------------------------------------------------


def agency_ref(agency: Agency | None) -> dict[str, Any] | None:
    return {"code": agency.code, "name": agency.name} if agency is not None else None


def category_ref(category: ShopCategory) -> dict[str, Any]:
    return {"code": category.code, "name": category.name, "name_en": category.name_en}


def hours_lines(shop: Shop) -> list[dict[str, str]]:
    return [{"days": days, "times": times} for days, times in hours_format(shop.hours)]


def photos_of(shop: Shop) -> list[dict[str, str]]:
    """Links to the photos (the public may open a certified shop's; before that its owner and
    the officials who verify it)."""
    result = []
    for photo in shop.photos.all():
        url = reverse("shops:photo", args=[photo.public_id])
        result.append({"id": str(photo.public_id), "url": url, "thumbnail": f"{url}?thumb=1"})
    return result


def state_name(case: Case) -> str:
    state = workflow_by_id(case.definition_id).states.get(case.state)
    return state.display_name if state else case.state


def _shop(shop: Shop, *, distance_m: int | None = None) -> dict[str, Any]:
    return {
        "id": str(shop.public_id),
        "name": shop.name,
        "category": category_ref(shop.category),
        "address": shop.address,
        "ward": agency_ref(shop.ward),
        "lat": shop.lat,
        "lng": shop.lng,
        "methods": list(shop.methods),
        "open_now": is_open(shop.hours, timezone.now()) if shop.hours else None,
        "phone": phone_display(shop.phone) if shop.phone and shop.phone_public else None,
        "certificate_code": shop.certificate_code,
        "approved_at": shop.approved_at,
        "distance_m": distance_m,
    }


def _detail(shop: Shop) -> dict[str, Any]:
    return {
        **_shop(shop),
        "description": shop.description,
        "hours": shop.hours or {},
        "hours_lines": hours_lines(shop),
        "links": list(shop.links),
        "accounts": shop_accounts(shop),
        "photos": photos_of(shop),
    }


def _request_ref(request: ShopRequest) -> dict[str, Any]:
    case = request.case
    return {
        "id": str(case.public_id),
        "code": case.code,
        "kind": request.kind,
        "state": case.state,
        "state_name": state_name(case),
        "open": case.closed_at is None,
        "created_at": request.created_at,
        "timeline": case_timeline_data(case, official=False),
    }


def _mine(shop: Shop) -> dict[str, Any]:
    requests = list(shop.requests.select_related("case").order_by("-id"))
    change = next(
        (r for r in requests if r.kind == ShopRequest.Kind.CHANGE and r.case.closed_at is None),
        None,
    )
    status = Shop.Status(shop.status)
    editable = status in (Shop.Status.DRAFT, Shop.Status.CHANGES_REQUESTED)
    return {
        "id": str(shop.public_id),
        "status": shop.status,
        "status_name": str(status.label),
        "is_public": shop.is_public,
        "certificate_code": shop.certificate_code,
        "approved_at": shop.approved_at,
        "values": shop_values(shop),
        "hours": shop.hours or {},
        "photos": photos_of(shop),
        "can_edit": editable,
        "can_propose_change": status == Shop.Status.APPROVED and change is None,
        "can_submit": editable,
        "can_delete": status == Shop.Status.DRAFT,
        "proposed": change.proposed if change is not None else None,
        "requests": [_request_ref(r) for r in requests],
        "created_at": shop.created_at,
        "updated_at": shop.updated_at,
    }


# --- Lookups ---------------------------------------------------------------------------------


def not_found() -> NotFound:
    return NotFound("shops.not_found", _("No shop has this id."))


def _public(public_id: str) -> Shop:
    found = parse_uuid(public_id)
    shop = shops_public().filter(public_id=found).first() if found else None
    if shop is None:
        raise not_found()
    return shop


def _owned(user: User, public_id: str) -> Shop:
    """The owner's shop; another person's is 404, like an unknown id."""
    found = parse_uuid(public_id)
    shop = shops_owned(owner=user).filter(public_id=found).first() if found else None
    if shop is None:
        raise not_found()
    return shop


def _filters(q: str, category: str, ward: str, method: str, open_now: bool) -> Filters:
    method = method.strip()
    if method and method not in PaymentMethod.values:
        message = _("Choose payment methods from the list.")
        raise AppError("shops.bad_method", message, fields={"method": [message]})
    return Filters(
        query=q.strip()[:MAX_QUERY],
        category=category.strip()[:40],
        ward=ward.strip()[:40],
        method=method,
        open_at=timezone.now() if open_now else None,
    )


def _point(lat: float | None, lng: float | None) -> tuple[float, float] | None:
    if lat is None and lng is None:
        return None
    if lat is None or lng is None or not valid_point(lat, lng):
        message = _("These coordinates are not valid.")
        raise AppError("shops.bad_location", message, fields={"location": [message]})
    return lat, lng


def _data(body: ShopIn) -> dict[str, Any]:
    """The service's input shape (`shop_input_clean`)."""
    data = body.dict()
    data["accounts"] = [a.dict() for a in body.accounts]
    return data


# --- Public ----------------------------------------------------------------------------------


@router.get("/shops/categories", response=list[CategoryOut], summary="Kinds of shop")
def list_categories(request: HttpRequest) -> list[ShopCategory]:
    return list(ShopCategory.objects.filter(is_active=True))


@router.get("/shops/methods", response=list[MethodOut], summary="Cashless payment methods")
def list_methods(request: HttpRequest) -> list[dict[str, str]]:
    return [{"code": str(code), "name": str(name)} for code, name in PaymentMethod.choices]


@router.get(
    "/shops",
    response=ShopPageOut,
    summary="Certified shops: by relevance with q, nearest first with lat and lng, else newest",
)
def list_shops(
    request: HttpRequest,
    q: str = "",
    category: str = "",
    ward: str = "",
    method: str = "",
    open_now: bool = False,
    lat: float | None = None,
    lng: float | None = None,
    page: int = 1,
) -> dict[str, Any]:
    """Accents and small typos in `q` are forgiven. "Near me" (lat and lng) gives the 20
    nearest shops on one page, each with `distance_m`."""
    filters = _filters(q, category, ward, method, open_now)
    point = _point(lat, lng)
    if point is not None:
        near = shops_near(lat=point[0], lng=point[1], filters=filters, limit=NEAR_LIMIT)
        items = [_shop(n.shop, distance_m=round(n.km * 1000)) for n in near]
        return {"count": len(items), "page": 1, "pages": 1, "items": items}
    if filters.query:  # at most SEARCH_LIMIT matches, ranked: read once, then paged
        matches = shops_directory(filters, limit=SEARCH_LIMIT)
        count = len(matches)
    else:
        count = shops_directory_count(filters)
    pages = max(1, math.ceil(count / PAGE_SIZE))
    number = max(1, min(page, pages))
    offset = (number - 1) * PAGE_SIZE
    if filters.query:
        found = matches[offset : offset + PAGE_SIZE]
    else:
        found = shops_directory(filters, limit=PAGE_SIZE, offset=offset)
    return {"count": count, "page": number, "pages": pages, "items": [_shop(s) for s in found]}


@router.get("/shops/{public_id}", response=ShopDetailOut, summary="One certified shop")
def get_shop(request: HttpRequest, public_id: str) -> dict[str, Any]:
    return _detail(_public(public_id))


# --- Owners ----------------------------------------------------------------------------------


@router.get("/me/shops", response=MyShopPageOut, auth=signed_in, summary="My shops")
@decorate_view(private)
def my_shops(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    result = Paginator(shops_owned(owner=api_user(request)), PAGE_SIZE).get_page(
        max(1, min(page, 100_000))
    )
    return {
        "count": result.paginator.count,
        "page": result.number,
        "pages": result.paginator.num_pages,
        "items": [_mine(s) for s in result.object_list],
    }


@router.post(
    "/me/shops",
    response={201: MyShopOut},
    auth=signed_in,
    summary="Start registering a shop (a draft; send it with …/submit)",
)
@decorate_view(private)
def create_shop(request: HttpRequest, body: ShopIn) -> Status[dict[str, Any]]:
    shop = shop_draft_save(owner=api_user(request), data=_data(body))
    return Status(201, _mine(_owned(api_user(request), str(shop.public_id))))


@router.get("/me/shops/{public_id}", response=MyShopOut, auth=signed_in, summary="One of my shops")
@decorate_view(private)
def my_shop(request: HttpRequest, public_id: str) -> dict[str, Any]:
    return _mine(_owned(api_user(request), public_id))


@router.put(
    "/me/shops/{public_id}",
    response={200: MyShopOut, 202: MyShopOut},
    auth=signed_in,
    summary="Save a draft (200), or propose a change to a certified shop (202: kept apart "
    "until the ward approves it)",
)
@decorate_view(private)
def update_shop(request: HttpRequest, public_id: str, body: ShopIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    shop = _owned(user, public_id)
    if shop.status == Shop.Status.APPROVED:
        shop_change_propose(owner=user, shop=shop, data=_data(body))
        return Status(202, _mine(_owned(user, public_id)))
    shop_draft_save(owner=user, data=_data(body), shop=shop)
    return Status(200, _mine(_owned(user, public_id)))


@router.post(
    "/me/shops/{public_id}/submit",
    response=MyShopOut,
    auth=signed_in,
    summary="Send the shop to its commune/ward for verification (or send it again)",
)
@decorate_view(private)
def submit_shop(request: HttpRequest, public_id: str) -> dict[str, Any]:
    user = api_user(request)
    shop_submit(owner=user, shop=_owned(user, public_id))
    return _mine(_owned(user, public_id))


@router.delete(
    "/me/shops/{public_id}",
    response={204: None},
    auth=signed_in,
    summary="Delete a draft (a shop already sent cannot be deleted)",
)
@decorate_view(private)
def delete_shop(request: HttpRequest, public_id: str) -> Status[None]:
    shop_draft_delete(shop=_owned(api_user(request), public_id))
    return Status(204, None)


@router.post(
    "/me/shops/{public_id}/photos",
    response={201: MyShopOut},
    auth=signed_in,
    summary="Add photos to a draft (multipart field `photos`, at most 5 per shop)",
)
@decorate_view(private)
def add_photos(
    request: HttpRequest, public_id: str, photos: File[list[UploadedPhoto] | None] = None
) -> Status[dict[str, Any]]:
    user = api_user(request)
    shop = _owned(user, public_id)
    files = [f for f in photos or [] if isinstance(f, UploadedFile)]
    if not files:
        message = _("Choose at least one photo.")
        raise AppError("shops.no_photo", message, fields={"photos": [message]})
    shop_photos_add(owner=user, shop=shop, files=[(f.name or "", f) for f in files])
    return Status(201, _mine(_owned(user, public_id)))


@router.delete(
    "/me/shops/{public_id}/photos/{photo_id}",
    response={204: None},
    auth=signed_in,
    summary="Remove a photo from a draft",
)
@decorate_view(private)
def remove_photo(request: HttpRequest, public_id: str, photo_id: str) -> Status[None]:
    user = api_user(request)
    shop = _owned(user, public_id)
    uid = parse_uuid(photo_id)
    photo = shop.photos.filter(public_id=uid).first() if uid else None
    if photo is None:
        raise NotFound("shops.photo_not_found", _("This shop has no such photo."))
    shop_photo_remove(owner=user, photo=photo)
    return Status(204, None)


@router.post(
    "/me/shops/{public_id}/withdraw",
    response=MyShopOut,
    auth=signed_in,
    summary="Withdraw the registration or change waiting for verification",
)
@decorate_view(private)
def withdraw_shop(request: HttpRequest, public_id: str) -> dict[str, Any]:
    user = api_user(request)
    shop = _owned(user, public_id)
    waiting = shop.requests.filter(case__closed_at__isnull=True).order_by("-id").first()
    if waiting is None:
        raise AppError(
            "shops.nothing_to_withdraw",
            _("Nothing of this shop is waiting for verification."),
            status=409,
        )
    case_transition(case_id=waiting.case_id, action="withdraw", actor=user, request=request)
    # A withdrawn registration leaves "my shops"; the answer still shows where it ended.
    return _mine(Shop.objects.select_related("category", "ward").get(pk=shop.pk))
