"""The public directory: search and filters, "near me", a shop's page with its payment QR,
its "Cửa hàng 4.0" certificate and the printable standee. Certified shops only; an owner also
sees their own shop's page before it is certified (marked as such)."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.accounts.rules import can_view
from openprovince.agencies.selectors import agencies_local
from openprovince.core.access import public
from openprovince.core.text import parse_uuid
from openprovince.core.uploads.storage import upload_response
from openprovince.payments.banks import bank_name
from openprovince.reports.services.areas import province_box

from .hours import hours_format, is_open
from .models import PaymentMethod, Shop, ShopCategory, ShopPhoto
from .payment_codes import shop_account_qrs
from .selectors import Filters, shops_directory, shops_near
from .standee_pdf import Standee, standee_payload, standee_pdf

PAGE_SIZE = 30


def _filters(request: HttpRequest) -> Filters:
    get = request.GET
    method = get.get("method", "")
    return Filters(
        query=get.get("q", "").strip()[:100],
        category=get.get("category", "")[:40],
        ward=get.get("ward", "")[:40],
        method=method if method in PaymentMethod.values else "",
        open_at=timezone.now() if get.get("open") == "1" else None,
    )


def _point(request: HttpRequest) -> tuple[float, float] | None:
    try:
        lat, lng = float(request.GET.get("lat", "")), float(request.GET.get("lng", ""))
    except ValueError:
        return None
    if not (math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90 and -180 <= lng <= 180):
        return None
    return lat, lng


@public
def directory(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    point = _point(request)
    context: dict[str, Any] = {
        "filters": filters,
        "categories": ShopCategory.objects.filter(is_active=True),
        "wards": agencies_local().order_by("name").only("code", "name"),
        "methods": PaymentMethod.choices,
        "point": point,
    }
    if point is not None:
        context["near"] = shops_near(lat=point[0], lng=point[1], filters=filters)
    else:
        context["shops"] = shops_directory(filters, limit=PAGE_SIZE)
    return render(request, "shops/directory.html", context)


MAP_POINTS = 3000


@public
def shop_map(request: HttpRequest) -> HttpResponse:
    """The certified shops (the directory's filters) as clustered pins; without JavaScript the
    same shops as a list. Leaflet is loaded on this page only."""
    filters = _filters(request)
    shops = shops_directory(filters, limit=MAP_POINTS)
    points = [
        {"lat": s.lat, "lng": s.lng, "name": s.name, "kind": s.category.name,
         "url": reverse("shops:detail", args=[s.public_id])}
        for s in shops
        if s.lat is not None and s.lng is not None
    ]  # fmt: skip
    box = province_box()
    context = {
        "filters": filters,
        "categories": ShopCategory.objects.filter(is_active=True),
        "methods": PaymentMethod.choices,
        "shops": shops[:PAGE_SIZE],
        "points": points,
        "box": box.as_data() if box else "",
        "tile_url": settings.MAP_TILE_URL,
        "attribution": settings.MAP_ATTRIBUTION,
    }
    return render(request, "shops/map.html", context)


def _visible_shop(request: HttpRequest, public_id: str) -> Shop:
    uid = parse_uuid(public_id)
    if uid is None:
        raise Http404
    shop = Shop.objects.select_related("category", "ward").filter(public_id=uid).first()
    if shop is None:
        raise Http404
    if not shop.is_public and shop.owner_id != getattr(request.user, "pk", None):
        raise Http404
    return shop


@public
def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    shop = _visible_shop(request, public_id)
    context = {
        "shop": shop,
        "hours": hours_format(shop.hours),
        "open_now": is_open(shop.hours, timezone.now()) if shop.hours else None,
        "payments": shop_account_qrs(
            shop, label=lambda _a: _("VietQR code to pay %(shop)s") % {"shop": shop.name}
        ),
        "photos": list(shop.photos.all()),
        "methods": [label for value, label in PaymentMethod.choices if value in shop.methods],
    }
    return render(request, "shops/detail.html", context)


@public
def photo(request: HttpRequest, photo_id: str) -> HttpResponseBase:
    """A certified shop's photos for everyone; before that, for its owner and the officials
    who verify it."""
    uid = parse_uuid(photo_id)
    if uid is None:
        raise Http404
    found = ShopPhoto.objects.select_related("shop__ward").filter(public_id=uid).first()
    if found is None:
        raise Http404
    shop, user = found.shop, request.user
    allowed = shop.is_public or shop.owner_id == getattr(user, "pk", None)
    if not allowed and user.is_authenticated and shop.ward is not None:
        allowed = can_view(user, shop.ward)
    if not allowed:
        raise Http404
    thumb = request.GET.get("thumb") == "1" and found.thumbnail_name
    name = found.thumbnail_name if thumb else found.storage_name
    return upload_response(name=name, download_name=f"{shop.name}.jpg", inline=True)


@public
def certificate(request: HttpRequest, public_id: str) -> HttpResponse:
    """Anyone can check a standee: the certificate says which shop, where, since when."""
    shop = _visible_shop(request, public_id)
    if not shop.is_public:
        raise Http404
    return render(request, "shops/certificate.html", {"shop": shop})


@public
def standee(request: HttpRequest, public_id: str) -> HttpResponse:
    shop = _visible_shop(request, public_id)
    account = shop.accounts.first()
    if not shop.is_public or account is None or not shop.certificate_code:
        raise Http404
    url = request.build_absolute_uri(reverse("shops:certificate", args=[shop.public_id]))
    pdf = standee_pdf(
        Standee(
            shop_name=shop.name,
            address=shop.address,
            bank_name=bank_name(account.bank_bin),
            account=account.account,
            account_holder=account.holder,
            payload=standee_payload(bank_bin=account.bank_bin, account=account.account),
            certificate_code=shop.certificate_code,
            certificate_url=url,
            category=shop.category.name,
        )
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"standee-{shop.certificate_code}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
