"""The office menu. Service modules add their entries here as they arrive; an entry shows only
to users holding its permission."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from openprovince.accounts.models import User


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    permission: str | None = None


_items: list[NavItem] = [
    NavItem("home", _("Overview"), "office:home"),
    NavItem("agencies", _("Agencies"), "office:agencies", "agencies.view_agency"),
]


def register_nav(item: NavItem) -> None:
    _items.append(item)


def nav_for(user: User | AnonymousUser) -> list[NavItem]:
    return [i for i in _items if i.permission is None or user.has_perm(i.permission)]
