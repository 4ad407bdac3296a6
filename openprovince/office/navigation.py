"""The office menu. Modules add entries as they arrive; an entry shows only to users for whom
its check passes (role rules from openprovince.accounts.rules)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from openprovince.accounts.rules import (
    agencies_visible_to,
    is_official,
    is_province_admin,
)


def _manages_roles(user: Any) -> bool:
    return agencies_visible_to(user, min_role="agency_admin").exists()


def _handles(user: Any) -> bool:
    return agencies_visible_to(user, min_role="handler").exists()


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    check: Callable[[Any], bool] = is_official


_items: list[NavItem] = [
    NavItem("home", _("Inbox"), "office:home"),
    NavItem("agencies", _("Agencies"), "office:agencies"),
    NavItem("businesses", _("Businesses to verify"), "office:businesses", _handles),
    NavItem("roles", _("Officials and roles"), "office:roles", _manages_roles),
    NavItem("audit", _("Audit log"), "office:audit", is_province_admin),
]


def register_nav(item: NavItem) -> None:
    _items.append(item)


def nav_for(user: Any) -> list[NavItem]:
    return [i for i in _items if i.check(user)]
