"""The signed-in person of a request, typed: for pages behind `signed_in` or
`official_required` (request.user) and API endpoints behind an auth (request.auth)."""

from __future__ import annotations

from django.http import HttpRequest

from .models import User


def request_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the view's access rule let only signed-in people through
    return user


def api_user(request: HttpRequest) -> User:
    user = getattr(request, "auth", None)
    assert isinstance(user, User)  # the endpoint's auth set it
    return user
