from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .brand import brand_current
from .preferences import Preferences


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page of the shell needs: the brand and the device preferences."""
    prefs = getattr(request, "prefs", None) or Preferences(language="vi", text_size="normal")
    return {"brand": brand_current(), "prefs": prefs}
