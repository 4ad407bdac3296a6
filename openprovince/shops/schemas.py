"""Schemas of the shops JSON API (api.py for the public directory and owners, api_office.py for
the wards that verify). Public shapes carry only what the public shop page shows: never the
owner's name or tax code, and the phone only when the owner chose to show it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema

from openprovince.cases.timeline_data import OfficeTimelineOut, TimelineOut

# --- Shared ----------------------------------------------------------------------------------


class CategoryOut(Schema):
    code: str
    name: str
    name_en: str
    icon: str


class CategoryRefOut(Schema):
    code: str
    name: str
    name_en: str


class AgencyRefOut(Schema):
    code: str
    name: str


class HoursLineOut(Schema):
    days: str  # e.g. "T2–T6" (Vietnamese)
    times: str  # e.g. "06:30–21:00"


class AccountOut(Schema):
    bank_bin: str
    bank: str  # the bank's name
    account: str
    holder: str
    vietqr: str  # the static VietQR payload (no amount): draw it as a QR code to pay


class PhotoOut(Schema):
    id: str
    url: str
    thumbnail: str


class MethodOut(Schema):
    code: str
    name: str


# --- Public ----------------------------------------------------------------------------------


class ShopOut(Schema):
    """A certified shop in the directory."""

    id: str
    name: str
    category: CategoryRefOut
    address: str
    ward: AgencyRefOut | None
    lat: float | None
    lng: float | None
    methods: list[str]  # payment method codes (GET /shops/methods); vietqr: a bank account
    open_now: bool | None  # None: the hours are unknown
    phone: str | None  # only when the owner chose to show it
    certificate_code: str | None
    approved_at: datetime | None
    distance_m: int | None  # "near me" (lat and lng given), else None


class ShopPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[ShopOut]


class ShopDetailOut(ShopOut):
    description: str
    hours: dict[str, list[list[str]]]  # {"0": [["06:30", "21:00"]]}, "0" = Monday
    hours_lines: list[HoursLineOut]
    links: list[str]
    accounts: list[AccountOut]
    photos: list[PhotoOut]


# --- Owners ----------------------------------------------------------------------------------


class AccountIn(Schema):
    bank_bin: str = ""  # the bank's BIN (6 digits), e.g. "970436"
    account: str = ""
    holder: str = ""


class ShopIn(Schema):
    """A shop's values, whole (a PUT replaces them all). Strings default to "" so that a
    missing field gets the same clear message as an empty one (400 with `fields`). Give a
    point (lat, lng: the ward is found from it) or, without one, the commune/ward code."""

    name: str = ""
    category: str = ""  # a category code (GET /shops/categories)
    description: str = ""
    owner_name: str = ""
    tax_code: str = ""
    address: str = ""
    lat: float | None = None
    lng: float | None = None
    ward: str = ""  # a commune/ward code, used only without a point
    hours_text: str = ""  # as the owner would write it: "T2-T6 06:30-21:00"
    phone: str = ""
    phone_public: bool = False
    methods: list[str] = []
    links: list[str] = []
    accounts: list[AccountIn] = []  # at most 3


class ShopValuesOut(Schema):
    """The values in ShopIn's shape (what to send back, changed, in a PUT)."""

    name: str
    category: str
    description: str
    owner_name: str
    tax_code: str
    address: str
    lat: float | None
    lng: float | None
    ward: str
    hours_text: str
    phone: str
    phone_public: bool
    methods: list[str]
    links: list[str]
    accounts: list[AccountIn]


class ShopRequestRefOut(Schema):
    id: str  # the case's id (for the citizen's request pages)
    code: str
    kind: str  # registration | change
    state: str
    state_name: str
    open: bool
    created_at: datetime
    timeline: list[TimelineOut]  # what the ward said (e.g. the changes it asks for)


class MyShopOut(Schema):
    id: str
    status: str  # draft | submitted | changes | approved | rejected | withdrawn
    status_name: str
    is_public: bool
    certificate_code: str | None
    approved_at: datetime | None
    values: ShopValuesOut  # a certified shop's approved values (a change waits apart)
    hours: dict[str, list[list[str]]]
    photos: list[PhotoOut]  # added and removed on the web form while a draft
    can_edit: bool  # PUT saves the draft
    can_propose_change: bool  # PUT sends a change request (certified, none open)
    can_submit: bool
    can_delete: bool
    proposed: ShopValuesOut | None  # the change waiting for the ward's approval
    requests: list[ShopRequestRefOut]  # newest first
    created_at: datetime
    updated_at: datetime


class MyShopPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[MyShopOut]


# --- Officials -------------------------------------------------------------------------------


class OfficeRequestOut(Schema):
    """A verification request in the list."""

    id: str  # the case's id
    code: str
    kind: str  # registration | change
    shop_id: str
    shop_name: str
    category: CategoryRefOut
    address: str
    state: str
    state_name: str
    agency: AgencyRefOut
    assignee: str | None
    due_at: datetime | None
    closed_at: datetime | None
    created_at: datetime


class OfficeRequestPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[OfficeRequestOut]


class OfficeShopOut(Schema):
    """The shop as it stands (a change request's values are in `proposed`)."""

    id: str
    status: str
    status_name: str
    certificate_code: str | None
    owner: str  # the account that registered it
    values: ShopValuesOut
    hours_lines: list[HoursLineOut]
    accounts: list[AccountOut]
    photos: list[PhotoOut]


class ChangeOut(Schema):
    field: str
    label: str
    before: Any
    after: Any


class ActionOut(Schema):
    code: str  # approve | ask_changes | reject | verify
    name: str
    note_required: bool


class OfficeRequestDetailOut(OfficeRequestOut):
    version: int  # send it back with an action: 409 when someone acted meanwhile
    shop: OfficeShopOut
    proposed: ShopValuesOut | None
    changes: list[ChangeOut]  # for a change request: the fields it changes
    actions: list[ActionOut]
    timeline: list[OfficeTimelineOut]


class ActionIn(Schema):
    action: str = ""
    note: str = ""  # the owner sees it; required to ask for changes or to reject
    version: int | None = None
