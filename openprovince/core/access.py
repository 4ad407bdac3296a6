"""Access rules on views (DESIGN §4.4).

Every view reachable by URL declares who may open it with one of these decorators. A test walks
the URL configuration and fails on any view without a rule, so a new page cannot be added
without deciding its access.

- `public`: anyone.
- `signed_in`: any signed-in person; guests are sent to sign in and come back (`?next=`).
  Personal pages: responses are marked `Cache-Control: no-store`.
- `official_required(check)`: staff who passed the second factor, and `check(user)` if given
  (role rules live in `openprovince.accounts.rules`).
- `debug_only`: development helpers; 404 unless DEBUG is on.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers, patch_cache_control

View = TypeVar("View", bound=Callable[..., Any])
ACCESS_ATTR = "access_rule"
SECOND_FACTOR_KEY = "op_2fa"  # session flag set once an official passed the second factor
OFFICE_LOGIN_URL = "/office/login/"
OFFICE_2FA_URL = "/office/login/2fa/"


def public(view: View) -> View:
    setattr(view, ACCESS_ATTR, "public")
    return view


def debug_only(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.DEBUG:
            raise Http404
        return view(request, *args, **kwargs)

    setattr(wrapper, ACCESS_ATTR, "debug")
    return wrapper  # type: ignore[return-value]


def no_store(response: HttpResponse) -> HttpResponse:
    """Personal data must not stay in shared or browser caches (or the service worker)."""
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response


def signed_in(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not request.user.is_active:
            return redirect_to_login(request.get_full_path())
        return no_store(view(request, *args, **kwargs))

    setattr(wrapper, ACCESS_ATTR, "signed_in")
    return wrapper  # type: ignore[return-value]


def official_required(
    check: Callable[[Any], bool] | None = None, *, name: str = "*"
) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated or not user.is_active:
                return redirect_to_login(request.get_full_path(), OFFICE_LOGIN_URL)
            if not user.is_staff:
                _audit_denied(request)
                raise PermissionDenied
            if not request.session.get(SECOND_FACTOR_KEY):
                return redirect(f"{OFFICE_2FA_URL}?{urlencode({'next': request.get_full_path()})}")
            if check is not None and not check(user):
                _audit_denied(request)
                raise PermissionDenied
            return no_store(view(request, *args, **kwargs))

        setattr(wrapper, ACCESS_ATTR, f"official:{name}")
        return wrapper  # type: ignore[return-value]

    return decorator


def _audit_denied(request: HttpRequest) -> None:
    from .audit import audit_record  # the audit model imports settings; keep this module light

    audit_record(
        action="access.denied", request=request, success=False, details={"path": request.path[:300]}
    )


def access_rule_of(view: Callable[..., Any]) -> str | None:
    """The declared rule of a view function or class-based view (via `as_view`)."""
    rule = getattr(view, ACCESS_ATTR, None)
    if rule is None and hasattr(view, "view_class"):
        rule = getattr(view.view_class, ACCESS_ATTR, None)
    return rule
