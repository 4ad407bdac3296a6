"""What an official verifying a shop sees above the generic case page: the shop as
registered, its bank accounts, the payment QR to test-scan, and for a change request the
values that would change. Visit notes and photos are the case's comments and files."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from openprovince.cases.models import Case

from .models import ShopRequest
from .payment_codes import shop_account_qrs
from .services.registration import shop_values

LABELS = {
    "name": _("Name"), "category": _("Kind of shop"), "description": _("Description"),
    "owner_name": _("Owner"), "tax_code": _("Tax code"), "address": _("Address"),
    "lat": _("Latitude"), "lng": _("Longitude"), "ward": _("Commune or ward"),
    "hours_text": _("Opening hours"), "phone": _("Phone"), "phone_public": _("Phone shown"),
    "methods": _("Payment methods"), "links": _("Links"), "accounts": _("Bank accounts"),
}  # fmt: skip


def shop_panel(case: Case) -> dict[str, Any]:
    request = ShopRequest.objects.select_related(
        "shop__category", "shop__ward", "shop__business"
    ).get(case=case)
    shop = request.shop
    accounts = shop_account_qrs(
        shop, label=lambda a: _("VietQR of account %(n)s") % {"n": a.account}
    )
    changes = []
    if request.kind == ShopRequest.Kind.CHANGE:
        now = shop_values(shop)
        for name, label in LABELS.items():
            before, after = now.get(name), request.proposed.get(name)
            if before != after:
                changes.append({"label": label, "before": before, "after": after})
    return {
        "shop": shop,
        "shop_request": request,
        "accounts": accounts,
        "changes": changes,
        "photos": list(shop.photos.all()),
    }
