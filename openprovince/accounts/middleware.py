from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

STARTED, SEEN = "op_started", "op_seen"


class SessionLimitsMiddleware:
    """Officials are signed out after OFFICIAL_IDLE_MINUTES without a request and after
    OFFICIAL_MAX_HOURS in any case; citizens keep the normal (30-day) session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            now = time.time()
            started = request.session.get(STARTED, now)
            seen = request.session.get(SEEN, now)
            idle_over = now - seen > settings.OFFICIAL_IDLE_MINUTES * 60
            age_over = now - started > settings.OFFICIAL_MAX_HOURS * 3600
            if idle_over or age_over:
                logout(request)
                messages.info(request, _("Your session ended for safety. Please sign in again."))
            else:
                request.session.setdefault(STARTED, now)
                if now - seen > 60 or SEEN not in request.session:  # one write a minute at most
                    request.session[SEEN] = now
        return self.get_response(request)
