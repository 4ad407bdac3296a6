"""Access rules on views (DESIGN §4.4).

Every view reachable by URL declares who may open it with one of these decorators. A test walks
the URL configuration and fails on any view without a rule, so a new page cannot be added
without deciding its access.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = TypeVar("View", bound=Callable[..., Any])
ACCESS_ATTR = "access_rule"


def public(view: View) -> View:
    """Anyone, signed in or not."""
    setattr(view, ACCESS_ATTR, "public")
    return view


def staff_required(permission: str | None = None) -> Callable[[View], View]:
    """Signed-in staff; with `permission`, also that Django permission (`app.codename`)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated or not user.is_active:
                return redirect_to_login(request.get_full_path())
            if not user.is_staff or (permission and not user.has_perm(permission)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        setattr(wrapper, ACCESS_ATTR, f"staff:{permission or '*'}")
        return wrapper  # type: ignore[return-value]

    return decorator


def access_rule_of(view: Callable[..., Any]) -> str | None:
    """The declared rule of a view function or class-based view (via `as_view`)."""
    rule = getattr(view, ACCESS_ATTR, None)
    if rule is None and hasattr(view, "view_class"):
        rule = getattr(view.view_class, ACCESS_ATTR, None)
    return rule
