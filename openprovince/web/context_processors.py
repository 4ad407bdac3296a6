from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from openprovince.notifications.selectors import notifications_unread_count

from .brand import brand_current
from .preferences import Preferences


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page of the shell needs: the brand, the device preferences, and for a
    signed-in person the unread notification count (guests' pages stay cacheable)."""
    prefs = getattr(request, "prefs", None) or Preferences(language="vi", text_size="normal")
    user = getattr(request, "user", None)
    unread = notifications_unread_count(user) if user is not None and user.is_authenticated else 0
    return {"brand": brand_current(), "prefs": prefs, "unread": unread}
