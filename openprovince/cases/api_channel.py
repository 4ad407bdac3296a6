"""Which channel an API request came through, for the case it opens: the Zalo mini app says
so in an `X-Client` header; any other client is the plain API."""

from __future__ import annotations

from django.http import HttpRequest

from .models import Case

ZALO_CLIENT = "zalo-mini-app"


def api_channel(request: HttpRequest) -> str:
    client = request.headers.get("X-Client", "").strip().lower()
    return Case.Channel.ZALO if client == ZALO_CLIENT else Case.Channel.API
