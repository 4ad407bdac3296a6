"""Who may write, publish and target news (role ranks from accounts.rules).

Writers are handlers (or higher) of the publishing agency. Publishing needs an approver of
that agency, unless the agency turned approval off; then its writers publish themselves.
A commune or ward speaks to its own area; province-level agencies may target any commune or
ward, or the whole province.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from openprovince.accounts.rules import agencies_visible_to, can_approve, can_handle
from openprovince.agencies.models import Agency
from openprovince.agencies.selectors import LOCAL_TYPES, agencies_local

from .models import AgencyNewsSetting, Article


def requires_approval(agency: Agency) -> bool:
    setting = AgencyNewsSetting.objects.filter(agency=agency).first()
    return True if setting is None else setting.requires_approval


def may_write(user: Any, agency: Agency) -> bool:
    return can_handle(user, agency)


def may_publish(user: Any, agency: Agency) -> bool:
    if can_approve(user, agency):
        return True
    return can_handle(user, agency) and not requires_approval(agency)


def may_edit(user: Any, article: Article) -> bool:
    """A published article changes at once, so only someone who may publish edits it."""
    if article.status == Article.Status.PUBLISHED:
        return may_publish(user, article.agency)
    return may_write(user, article.agency)


def is_local(agency: Agency) -> bool:
    return agency.type.code in LOCAL_TYPES


def areas_reachable(agency: Agency) -> QuerySet[Agency]:
    """The communes/wards `agency` may address: itself when it is one, else all of them."""
    local = agencies_local()
    if is_local(agency):
        return local.filter(pk=agency.pk)
    return local


def agencies_writable(user: Any) -> QuerySet[Agency]:
    """Agencies the user may write news for (handler or higher), by name."""
    return agencies_visible_to(user, min_role="handler").select_related("type").order_by("name")


def writes_news(user: Any) -> bool:
    """Shows the office menu entry."""
    return agencies_visible_to(user, min_role="handler").exists()
