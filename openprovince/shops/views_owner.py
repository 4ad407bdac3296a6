"""An owner registers a shop in four short screens, each saved as a draft (the form works
with JavaScript off), then sends it to the ward; a certified shop takes change requests.

Screens: 1 the shop (name, kind, owner, address, phone), 2 the place (location or
commune/ward), 3 payment (bank account, other methods), 4 hours and the rest, then send.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from openprovince.accounts.current import request_user
from openprovince.agencies.selectors import agencies_local
from openprovince.core.access import no_store, signed_in
from openprovince.core.errors import AppError
from openprovince.core.text import parse_uuid
from openprovince.payments.banks import BANKS

from .models import PaymentMethod, Shop, ShopCategory
from .selectors import shops_owned
from .services.photos import shop_draft_delete, shop_photo_remove, shop_photos_add
from .services.registration import (
    businesses_of,
    shop_change_propose,
    shop_draft_save,
    shop_submit,
    shop_values,
)
from .services.validation import shop_input_clean

STEPS = ("shop", "place", "payment", "details")
# The form fields each screen sends (the rest of the values are kept as they are).
STEP_FIELDS = {
    "shop": ("business", "name", "category", "owner_name", "address", "phone", "phone_public"),
    "place": ("lat", "lng", "ward"),
    "payment": ("accounts", "methods"),
    "details": ("hours_text", "tax_code", "description", "links"),
}
CHECKBOXES = {"phone_public"}


def _owned_shop(request: HttpRequest, public_id: str) -> Shop:
    uid = parse_uuid(public_id)
    if uid is None:
        raise Http404
    shop = Shop.objects.select_related("category", "ward").filter(public_id=uid).first()
    if shop is None or shop.owner_id != request.user.pk:
        raise Http404
    return shop


def _posted(post: QueryDict, step: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in STEP_FIELDS[step]:
        if name == "accounts":
            data[name] = [
                {"bank_bin": b, "account": a, "holder": h}
                for b, a, h in zip(
                    post.getlist("bank_bin"), post.getlist("account"), post.getlist("holder"),
                    strict=False,
                )
            ]  # fmt: skip
        elif name == "methods":
            data[name] = post.getlist("methods")
        elif name in CHECKBOXES:
            data[name] = post.get(name) == "on"
        else:
            data[name] = post.get(name, "")
    return data


def _context(
    request: HttpRequest, step: str, values: dict[str, Any], shop: Shop | None
) -> dict[str, Any]:
    accounts = list(values.get("accounts") or [])
    return {
        "step": step,
        "number": STEPS.index(step) + 1,
        "steps": len(STEPS),
        "values": values,
        "accounts": accounts or [{"bank_bin": "", "account": "", "holder": ""}],
        "shop": shop,
        "categories": ShopCategory.objects.filter(is_active=True),
        "wards": agencies_local().order_by("name").only("code", "name"),
        "banks": BANKS,
        "methods": [m for m in PaymentMethod.choices if m[0] != PaymentMethod.VIETQR],
        "change": shop is not None and shop.status == Shop.Status.APPROVED,
        "photos": list(shop.photos.all()) if shop is not None else [],
        "businesses": businesses_of(request_user(request)) if step == "shop" else [],
    }


@signed_in
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Screen 1 of a new shop; saving it makes the draft."""
    values: dict[str, Any] = {"owner_name": request_user(request).shown_name}
    if request.method == "POST":
        values.update(_posted(request.POST, "shop"))
        try:
            shop = shop_draft_save(owner=request_user(request), data=values)
        except AppError as error:
            context = _context(request, "shop", values, None) | {"error": error}
            return no_store(render(request, "shops/register.html", context, status=400))
        return redirect("shops:edit", public_id=shop.public_id, step="place")
    return no_store(render(request, "shops/register.html", _context(request, "shop", values, None)))


@signed_in
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, public_id: str, step: str) -> HttpResponse:
    """One screen of a draft (or of a change to a certified shop, kept until screen 4)."""
    if step not in STEPS:
        raise Http404
    shop = _owned_shop(request, public_id)
    session_key = f"shop_change_{shop.pk}"
    values = request.session.get(session_key) or shop_values(shop)
    if request.method != "POST":
        return no_store(
            render(request, "shops/register.html", _context(request, step, values, shop))
        )
    values = values | _posted(request.POST, step)
    following = STEPS[STEPS.index(step) + 1] if step != STEPS[-1] else ""
    try:
        if shop.status == Shop.Status.APPROVED:
            if following:  # a change is sent whole, from the last screen
                shop_input_clean(values)
                request.session[session_key] = values
                return redirect("shops:edit", public_id=shop.public_id, step=following)
            shop_change_propose(owner=request_user(request), shop=shop, data=values)
            request.session.pop(session_key, None)
            return redirect("shops:mine")
        shop_draft_save(owner=request_user(request), data=values, shop=shop)
        uploads = request.FILES.getlist("photos")
        if uploads:
            shop_photos_add(
                owner=request_user(request), shop=shop, files=[(f.name or "", f) for f in uploads]
            )
    except AppError as error:
        context = _context(request, step, values, shop) | {"error": error}
        return no_store(render(request, "shops/register.html", context, status=error.status))
    if following:
        return redirect("shops:edit", public_id=shop.public_id, step=following)
    if request.POST.get("send") == "1":  # the fourth screen's "save and send"
        try:
            shop_submit(owner=request_user(request), shop=shop)
        except AppError as error:
            context = {"shop": shop, "accounts": list(shop.accounts.all()), "error": error}
            return no_store(render(request, "shops/review.html", context, status=error.status))
        return redirect("shops:mine")
    return redirect("shops:review", public_id=shop.public_id)


@signed_in
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, public_id: str) -> HttpResponse:
    """What will be sent, and the button that sends it to the ward."""
    shop = _owned_shop(request, public_id)
    context: dict[str, Any] = {"shop": shop, "accounts": list(shop.accounts.all())}
    if request.method == "POST":
        try:
            shop_submit(owner=request_user(request), shop=shop)
        except AppError as error:
            context["error"] = error
            return no_store(render(request, "shops/review.html", context, status=error.status))
        return redirect("shops:mine")
    return no_store(render(request, "shops/review.html", context))


@signed_in
def mine(request: HttpRequest) -> HttpResponse:
    shops = list(shops_owned(owner=request_user(request)).prefetch_related("requests__case"))
    return no_store(render(request, "shops/mine.html", {"shops": shops}))


@signed_in
@require_POST
def photo_remove(request: HttpRequest, public_id: str, photo_id: str) -> HttpResponse:
    shop = _owned_shop(request, public_id)
    photo = shop.photos.filter(public_id=parse_uuid(photo_id) or uuid.UUID(int=0)).first()
    if photo is None:
        raise Http404
    try:
        shop_photo_remove(owner=request_user(request), photo=photo)
    except AppError as error:
        context = _context(request, "details", shop_values(shop), shop) | {"error": error}
        return no_store(render(request, "shops/register.html", context, status=error.status))
    return redirect("shops:edit", public_id=shop.public_id, step="details")


@signed_in
@require_POST
def delete_draft(request: HttpRequest, public_id: str) -> HttpResponse:
    try:
        shop_draft_delete(shop=_owned_shop(request, public_id))
    except AppError as error:
        shops = list(shops_owned(owner=request_user(request)).prefetch_related("requests__case"))
        context = {"shops": shops, "message": error.message}
        return no_store(render(request, "shops/mine.html", context, status=error.status))
    return redirect("shops:mine")
