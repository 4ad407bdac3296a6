"""An owner's side: save a draft, submit it for verification, propose changes to a certified
shop. Verification itself is the case engine's (kind "shop"); `hooks` applies its outcome."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from openprovince.accounts.models import Business, BusinessMember, User
from openprovince.cases.services.opening import case_open
from openprovince.cases.services.transitions import case_transition
from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError, PermissionDenied
from openprovince.core.text import parse_uuid
from openprovince.reports.routing import triage_desk

from ..models import Shop, ShopBankAccount, ShopRequest
from .validation import ShopInput, shop_input_clean

KIND = "shop"
# The fields a change request may propose (and `shop_apply` copies), besides the accounts.
EDITABLE = (
    "name", "category", "description", "owner_name", "tax_code", "address", "lat", "lng",
    "ward", "hours", "hours_text", "phone", "phone_public", "methods", "links", "business",
)  # fmt: skip
MAX_DRAFTS = 10


def shop_owner_check(shop: Shop, owner: User) -> None:
    """PermissionDenied unless `owner` owns `shop` (every owner's service starts here)."""
    if shop.owner_id != owner.pk:
        raise PermissionDenied("shops.not_yours", _("This shop is not yours."))


def businesses_of(owner: User) -> list[Business]:
    """The verified businesses `owner` acts for: a shop may be registered for one of them."""
    return list(
        Business.objects.filter(
            verified_at__isnull=False,
            members__user=owner,
            members__status=BusinessMember.Status.ACTIVE,
        ).order_by("name")
    )


def _cleaned(owner: User, data: dict[str, Any]) -> ShopInput:
    """The checked values, with the business the owner registers for (empty: themselves, as
    a household business); a business's tax code is the shop's when none is typed."""
    values = shop_input_clean(data)
    chosen = str(data.get("business") or "").strip()
    if chosen:
        business = next((b for b in businesses_of(owner) if str(b.public_id) == chosen), None)
        if business is None:
            message = _("Choose one of the verified businesses you act for.")
            raise AppError("shops.bad_business", message, fields={"business": [message]})
        values.business = business
        values.tax_code = values.tax_code or business.tax_code
    return values


def shop_input_from_proposal(proposed: dict[str, Any]) -> ShopInput:
    """A change request's values, checked again when the ward approves it; its business was
    checked against the owner's memberships when it was proposed."""
    values = shop_input_clean(proposed)
    chosen = parse_uuid(str(proposed.get("business") or ""))
    if chosen is not None:
        values.business = Business.objects.filter(public_id=chosen).first()
    return values


def shop_apply(shop: Shop, values: ShopInput) -> None:
    """Copy checked values onto `shop`, save it, and replace its bank accounts."""
    for name in EDITABLE:
        setattr(shop, name, getattr(values, name))
    shop.methods_key = "|" + "|".join(values.methods) + "|" if values.methods else ""
    shop.save()
    shop.accounts.all().delete()
    ShopBankAccount.objects.bulk_create(
        ShopBankAccount(shop=shop, bank_bin=a.bank_bin, account=a.account, holder=a.holder,
                        order=n)
        for n, a in enumerate(values.accounts)
    )  # fmt: skip


def shop_draft_save(*, owner: User, data: dict[str, Any], shop: Shop | None = None) -> Shop:
    """Create or update a draft (or a registration sent back for changes)."""
    values = _cleaned(owner, data)
    with transaction.atomic():
        if shop is None:
            if Shop.objects.filter(owner=owner, status=Shop.Status.DRAFT).count() >= MAX_DRAFTS:
                raise AppError(
                    "shops.too_many_drafts",
                    _("You have %(n)s unfinished shops. Finish or delete one first.")
                    % {"n": MAX_DRAFTS},
                )
            shop = Shop(owner=owner, status=Shop.Status.DRAFT)
        else:
            shop = Shop.objects.select_for_update().get(pk=shop.pk)
            shop_owner_check(shop, owner)
            if shop.status not in (Shop.Status.DRAFT, Shop.Status.CHANGES_REQUESTED):
                raise AppError(
                    "shops.not_editable",
                    _("This shop is being verified or is certified: propose a change instead."),
                    status=409,
                )
        shop_apply(shop, values)
        audit_record(action="shops.draft_save", actor=owner, target=shop)
    return shop


def _missing_for_submit(shop: Shop) -> AppError | None:
    if shop.ward_id is None:
        return AppError(
            "shops.no_place",
            _("Pin the shop on the map (or use your location) so the ward can verify it."),
        )
    if not shop.accounts.exists():
        return AppError("shops.no_account", _("Add the bank account customers will pay into."))
    return None


def shop_submit(*, owner: User, shop: Shop) -> ShopRequest:
    """Send a draft to its ward for verification (or send a returned one again)."""
    with transaction.atomic():
        shop = Shop.objects.select_for_update(of=("self",)).select_related("ward").get(pk=shop.pk)
        shop_owner_check(shop, owner)
        missing = _missing_for_submit(shop)
        if missing is not None:
            raise missing
        if shop.status == Shop.Status.CHANGES_REQUESTED:
            request = shop.requests.select_related("case").order_by("-id").first()
            assert request is not None
            case_transition(case_id=request.case_id, action="resubmit", actor=owner)
            return request
        if shop.status != Shop.Status.DRAFT:
            raise AppError("shops.already_sent", _("This shop was already sent."), status=409)
        assert shop.ward is not None
        case = case_open(
            kind=KIND, title=shop.name, agency=shop.ward, applicant=owner, business=shop.business
        )
        request = ShopRequest.objects.create(
            case=case, shop=shop, kind=ShopRequest.Kind.REGISTRATION
        )
        shop.status = Shop.Status.SUBMITTED
        shop.save(update_fields=["status", "updated_at"])
        audit_record(action="shops.submit", actor=owner, target=shop, details={"case": case.code})
    return request


def shop_change_propose(*, owner: User, shop: Shop, data: dict[str, Any]) -> ShopRequest:
    """Ask to change a certified shop: the public keeps the certified values until the ward
    approves the change. One open change at a time; when the ward asked for changes to it,
    the new proposal replaces it and goes back to the ward on the same case."""
    values = _cleaned(owner, data)
    with transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop.pk)
        shop_owner_check(shop, owner)
        if shop.status != Shop.Status.APPROVED:
            raise AppError("shops.not_certified", _("Only a certified shop takes change requests."))
        open_change = (
            shop.requests.filter(kind=ShopRequest.Kind.CHANGE, case__closed_at__isnull=True)
            .select_related("case")
            .first()
        )
        if open_change is not None:
            if open_change.case.state != "changes_requested":
                raise AppError(
                    "shops.change_open",
                    _("A change to this shop is already waiting for verification."),
                    status=409,
                )
            # The ward asked for changes to the change: the new proposal goes on that case.
            open_change.proposed = _as_data(values)
            open_change.save(update_fields=["proposed"])
            case_transition(case_id=open_change.case_id, action="resubmit", actor=owner)
            audit_record(action="shops.change_propose", actor=owner, target=shop,
                         details={"case": open_change.case.code})  # fmt: skip
            return open_change
        ward = values.ward or shop.ward or triage_desk()
        case = case_open(
            kind=KIND, title=values.name, agency=ward, applicant=owner, business=values.business
        )
        request = ShopRequest.objects.create(
            case=case, shop=shop, kind=ShopRequest.Kind.CHANGE, proposed=_as_data(values)
        )
        audit_record(action="shops.change_propose", actor=owner, target=shop,
                     details={"case": case.code})  # fmt: skip
    return request


def _as_data(values: ShopInput | Shop) -> dict[str, Any]:
    """Values as `shop_input_clean` reads them: a change request's stored form, and a draft's
    values that one step of the form updates."""
    skip = ("category", "ward", "business")
    data = {name: getattr(values, name) for name in EDITABLE if name not in skip}
    data["category"] = values.category.code if values.category else ""
    data["ward"] = values.ward.code if values.ward else ""
    data["business"] = str(values.business.public_id) if values.business else ""
    if isinstance(values, Shop):
        data["accounts"] = [
            {"bank_bin": a.bank_bin, "account": a.account, "holder": a.holder}
            for a in values.accounts.all()
        ]
    else:
        data["accounts"] = [asdict(a) for a in values.accounts]
    data.pop("hours", None)  # parsed again from hours_text
    return data


def shop_values(shop: Shop) -> dict[str, Any]:
    """A shop's current values in the form's shape."""
    return _as_data(shop)
