"""What an owner typed, checked and normalised: one function for the form, the API and
change requests, so every path refuses the same things with the same Vietnamese messages."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from openprovince.accounts.models import Business
from openprovince.accounts.phone import phone_normalise
from openprovince.accounts.tax_code import tax_code_normalise
from openprovince.agencies.models import Agency
from openprovince.agencies.selectors import LOCAL_TYPES, agencies_local, agency_containing_point
from openprovince.core.errors import AppError
from openprovince.core.text import clean_line, strip_invisible
from openprovince.payments.banks import bank_get

from ..hours import hours_parse
from ..identifiers import account_holder_normalise, account_normalise
from ..models import PaymentMethod, ShopCategory

MAX_ACCOUNTS = 3
MAX_LINKS = 5


@dataclass(frozen=True)
class Account:
    bank_bin: str
    account: str
    holder: str


@dataclass
class ShopInput:
    """A shop's editable values, checked."""

    name: str
    category: ShopCategory
    owner_name: str
    address: str
    lat: float | None
    lng: float | None
    ward: Agency | None
    description: str = ""
    tax_code: str = ""
    hours: dict[str, list[list[str]]] = field(default_factory=dict)
    hours_text: str = ""
    phone: str = ""
    phone_public: bool = False
    methods: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    business: Business | None = None  # set by the registration service, which knows the owner


def _bad(code: str, name: str, message: str) -> AppError:
    return AppError(f"shops.{code}", message, fields={name: [message]})


def _text(data: dict[str, Any], name: str, max_length: int) -> str:
    value = data.get(name, "")
    return clean_line(value if isinstance(value, str) else "", max_length=max_length)


def shop_input_clean(data: dict[str, Any]) -> ShopInput:
    """`data` as a form or the API sends it (strings; `accounts` a list of dicts with
    bank_bin, account, holder; `methods` and `links` lists), or AppError naming the field."""
    name = _text(data, "name", 120)
    if len(name) < 2:
        raise _bad("no_name", "name", _("Enter the shop's name."))
    code = _text(data, "category", 40)
    category = ShopCategory.objects.filter(code=code, is_active=True).first() if code else None
    if category is None:
        raise _bad("bad_category", "category", _("Choose what the shop sells."))
    owner_name = _text(data, "owner_name", 120)
    if len(owner_name) < 2:
        raise _bad("no_owner", "owner_name", _("Enter the owner's full name."))
    address = _text(data, "address", 300)
    if len(address) < 5:
        raise _bad("no_address", "address", _("Enter the shop's address (house number, street)."))
    lat, lng, ward = _place(data)
    tax_code = _text(data, "tax_code", 20)
    if tax_code:
        tax_code = tax_code_normalise(tax_code)
    hours_text = strip_invisible(str(data.get("hours_text") or ""), keep_newlines=True)[:500]
    phone = _text(data, "phone", 20)
    if phone:
        phone = phone_normalise(phone)
    return ShopInput(
        name=name,
        category=category,
        owner_name=owner_name,
        address=address,
        lat=lat,
        lng=lng,
        ward=ward,
        description=strip_invisible(str(data.get("description") or ""), keep_newlines=True)[
            :2000
        ].strip(),
        tax_code=tax_code,
        hours=hours_parse(hours_text) if hours_text.strip() else {},
        hours_text=hours_text.strip(),
        phone=phone,
        phone_public=bool(phone) and _flag(data.get("phone_public")),
        methods=_methods(data.get("methods")),
        links=_links(data.get("links")),
        accounts=_accounts(data.get("accounts")),
    )


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in {"1", "on", "true"})


def _place(data: dict[str, Any]) -> tuple[float | None, float | None, Agency | None]:
    """The point and the commune/ward that holds it. A point is not required: without one (no
    GPS, JavaScript off) the owner chooses the commune/ward, whose officials place the pin
    when they visit. A point outside the province is refused."""
    raw_lat, raw_lng = data.get("lat"), data.get("lng")
    if raw_lat in (None, "") and raw_lng in (None, ""):
        code = _text(data, "ward", 40)
        ward = agencies_local().filter(code=code).first() if code else None
        if code and ward is None:
            raise _bad("bad_ward", "ward", _("Choose the commune or ward from the list."))
        return None, None, ward
    try:
        lat, lng = float(str(raw_lat)), float(str(raw_lng))
    except ValueError:
        lat = lng = math.nan
    if not (math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90 and -180 <= lng <= 180):
        raise _bad("bad_location", "location", _("This location is not valid. Pin it again."))
    ward = agency_containing_point(lat=lat, lng=lng, type_codes=LOCAL_TYPES)
    if ward is None:
        raise _bad(
            "outside",
            "location",
            _("This place is outside the province. Move the pin to where the shop is."),
        )
    return round(lat, 6), round(lng, 6), ward


def _methods(raw: Any) -> list[str]:
    values = [raw] if isinstance(raw, str) else list(raw or [])
    known = set(PaymentMethod.values)
    unknown = [str(v) for v in values if v not in known]
    if unknown:
        raise _bad("bad_method", "methods", _("Choose payment methods from the list."))
    return [m for m in PaymentMethod.values if m in values]  # list order, each once


def _links(raw: Any) -> list[str]:
    lines = raw.splitlines() if isinstance(raw, str) else [str(v) for v in raw or []]
    links = list(dict.fromkeys(line.strip() for line in lines if line.strip()))
    if len(links) > MAX_LINKS:
        raise _bad("too_many_links", "links", _("Give at most %(n)s links.") % {"n": MAX_LINKS})
    for link in links:
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(link) > 300:
            raise _bad(
                "bad_link",
                "links",
                _("“%(link)s” is not a web address (it starts with https://).") % {"link": link},
            )
    return links


def _accounts(raw: Any) -> list[Account]:
    rows = [
        r for r in (raw or []) if isinstance(r, dict) and any(str(v).strip() for v in r.values())
    ]
    if len(rows) > MAX_ACCOUNTS:
        raise _bad(
            "too_many_accounts",
            "accounts",
            _("Give at most %(n)s bank accounts.") % {"n": MAX_ACCOUNTS},
        )
    accounts: list[Account] = []
    for row in rows:
        bank_bin = str(row.get("bank_bin") or "").strip()
        if bank_get(bank_bin) is None:
            raise _bad("bad_bank", "bank_bin", _("Choose the bank from the list."))
        account = Account(
            bank_bin=bank_bin,
            account=account_normalise(str(row.get("account") or "")),
            holder=account_holder_normalise(str(row.get("holder") or "")),
        )
        if any((a.bank_bin, a.account) == (account.bank_bin, account.account) for a in accounts):
            raise _bad("same_account", "account", _("This account is already in the list."))
        accounts.append(account)
    return accounts
