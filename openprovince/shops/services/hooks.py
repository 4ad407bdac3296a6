"""What a verification's outcome does to its shop, whoever moves the case (the shops office
page, the generic case page, the API): inside the case engine's transaction."""

from __future__ import annotations

from django.utils import timezone

from openprovince.cases.hooks import on_transition
from openprovince.cases.models import Case
from openprovince.cases.workflow import Action
from openprovince.fulltext.services import fulltext_index, fulltext_remove

from ..hours import open_slots
from ..models import Shop, ShopOpenSlot, ShopRequest
from .registration import KIND, shop_apply, shop_input_from_proposal

CERTIFICATE_PREFIX = "CH40"
# A registration's shop status after each action; a change request leaves its shop as it is.
REGISTRATION_STATUS = {
    "ask_changes": Shop.Status.CHANGES_REQUESTED,
    "resubmit": Shop.Status.SUBMITTED,
    "reject": Shop.Status.REJECTED,
    "withdraw": Shop.Status.WITHDRAWN,
}


def register() -> None:
    on_transition(KIND, _sync)


def shop_index(shop: Shop) -> None:
    """The directory search finds certified shops only (scope: the commune/ward code)."""
    key = str(shop.pk)
    if not shop.is_public:
        fulltext_remove(kind=KIND, key=key)
        return
    fulltext_index(
        kind=KIND,
        key=key,
        title=shop.name,
        text=f"{shop.category.name}\n{shop.address}\n{shop.description}",
        scope=shop.ward.code if shop.ward else "",
    )


def shop_slots_rebuild(shop: Shop) -> None:
    shop.open_slots.all().delete()
    if shop.is_public:
        ShopOpenSlot.objects.bulk_create(
            ShopOpenSlot(shop=shop, start=start, end=end) for start, end in open_slots(shop.hours)
        )


def _sync(case: Case, action: Action) -> None:
    request = ShopRequest.objects.filter(case=case).select_related("shop").first()
    if request is None:
        return
    # `of`: PostgreSQL locks no row of an outer join (the ward may be empty).
    shops = Shop.objects.select_for_update(of=("self",)).select_related("category", "ward")
    shop = shops.get(pk=request.shop_id)
    if action.code == "approve":
        if request.kind == ShopRequest.Kind.CHANGE:
            shop_apply(shop, shop_input_from_proposal(request.proposed))
        if shop.status != Shop.Status.APPROVED:
            shop.status = Shop.Status.APPROVED
            shop.approved_at = timezone.now()
            shop.certificate_code = shop.certificate_code or _certificate_code(shop)
            shop.save(update_fields=["status", "approved_at", "certificate_code", "updated_at"])
        shop_slots_rebuild(shop)
        shop_index(shop)
    elif request.kind == ShopRequest.Kind.REGISTRATION and action.code in REGISTRATION_STATUS:
        shop.status = REGISTRATION_STATUS[action.code]
        shop.save(update_fields=["status", "updated_at"])


def _certificate_code(shop: Shop) -> str:
    """A short code printed on the standee and the certificate page: prefix, ward, number."""
    ward = (shop.ward.code if shop.ward else "TN").split(".")[-1][:12]
    return f"{CERTIFICATE_PREFIX}-{ward}-{shop.pk:06d}"
