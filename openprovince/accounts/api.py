"""JSON API for app clients (the Zalo mini app): sign in, refresh, revoke, who am I.

Clients on other origins use bearer tokens (`Authorization: Bearer <access_token>`); browser
pages of this site keep cookie sessions with CSRF protection.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import HttpBearer, SessionAuth

from openprovince.core.access import SECOND_FACTOR_KEY, no_store
from openprovince.core.errors import AppError

from .models import User
from .phone import phone_display
from .services.api_tokens import (
    TokenPair,
    api_token_user,
    api_tokens_issue,
    api_tokens_refresh,
    api_tokens_revoke,
)
from .services.signin_phone import phone_code_send, phone_code_verify
from .services.signin_zalo import zalo_sign_in

router = Router(tags=["auth"])


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = api_token_user(access_token=token[:200])
        if found is None:
            return None
        user, row = found
        request.user = user
        request.api_token = row  # type: ignore[attr-defined]
        return user


bearer = BearerAuth()


class SignedIn(BearerAuth):
    """The app's bearer token; a missing or expired one answers 401 in the API's error shape
    (`{code, message, fields}`) instead of Ninja's bare "Unauthorized"."""

    def __call__(self, request: HttpRequest) -> User:
        user = super().__call__(request)
        if not isinstance(user, User):
            raise AppError(
                "accounts.token_invalid",
                _("Your sign-in has ended. Please sign in again."),
                status=401,
            )
        return user


signed_in = SignedIn()


def private(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Personal answers are never kept by a cache (`Cache-Control: no-store, private`)."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return no_store(run(request, *args, **kwargs))

    return wrapper


class OfficeSession(SessionAuth):
    """Acting for an agency over the API: the office's own browser session, past password and
    second factor (CSRF checked). App bearer tokens are refused here because they come from an
    SMS code or Zalo alone, which is not enough to act for an agency."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if (
            isinstance(user, User)
            and user.is_active
            and user.is_staff
            and request.session.get(SECOND_FACTOR_KEY)
        ):
            return user
        return None

    def __call__(self, request: HttpRequest) -> User:
        user = super().__call__(request)
        if not isinstance(user, User):
            raise AppError(
                "accounts.office_session_required",
                _("Sign in to the office with your password and second factor."),
                status=401,
            )
        return user


office_session = OfficeSession()


class PhoneIn(Schema):
    phone: str


class PhoneCodeIn(Schema):
    phone: str
    code: str


class ZaloIn(Schema):
    access_token: str
    phone_token: str = ""


class RefreshIn(Schema):
    refresh_token: str


class RevokeIn(Schema):
    everywhere: bool = False


class TokensOut(Schema):
    token_type: str = "Bearer"  # noqa: S105 - a scheme name, not a secret
    access_token: str
    refresh_token: str
    expires_in: int


class SentOut(Schema):
    sent: bool
    expires_in: int


class MeOut(Schema):
    id: str
    name: str
    phone: str | None
    zalo_linked: bool


def _tokens(pair: TokenPair) -> dict[str, Any]:
    return {
        "access_token": pair.access_token,
        "refresh_token": pair.refresh_token,
        "expires_in": pair.expires_in,
    }


@router.post("/auth/phone/start", response={202: SentOut}, summary="Send a sign-in code by SMS")
def phone_start(request: HttpRequest, body: PhoneIn) -> Status[dict[str, Any]]:
    phone_code_send(raw_phone=body.phone[:30], request=request)
    return Status(202, {"sent": True, "expires_in": 300})


@router.post("/auth/phone/verify", response=TokensOut, summary="Exchange the SMS code for tokens")
def phone_verify(request: HttpRequest, body: PhoneCodeIn) -> dict[str, Any]:
    user = phone_code_verify(raw_phone=body.phone[:30], code=body.code[:12], request=request)
    return _tokens(api_tokens_issue(user=user))


@router.post("/auth/zalo", response=TokensOut, summary="Sign in with a Zalo mini-app token")
def zalo(request: HttpRequest, body: ZaloIn) -> dict[str, Any]:
    user = zalo_sign_in(
        access_token=body.access_token[:2000], phone_token=body.phone_token[:2000], request=request
    )
    return _tokens(api_tokens_issue(user=user))


@router.post("/auth/refresh", response=TokensOut, summary="New tokens for a refresh token")
def refresh(request: HttpRequest, body: RefreshIn) -> dict[str, Any]:
    return _tokens(api_tokens_refresh(refresh_token=body.refresh_token[:200], request=request))


@router.post("/auth/revoke", response={204: None}, auth=bearer, summary="Sign this app out")
def revoke(request: HttpRequest, body: RevokeIn) -> Status[None]:
    user = request.user
    assert isinstance(user, User)
    family = None if body.everywhere else request.api_token.family  # type: ignore[attr-defined]
    api_tokens_revoke(user=user, family=family, request=request)
    return Status(204, None)


@router.get("/me", response=MeOut, auth=bearer, summary="The signed-in person")
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    assert isinstance(user, User)
    return {
        "id": str(user.public_id),
        "name": user.display_name,
        "phone": phone_display(user.phone) if user.phone else None,
        "zalo_linked": bool(user.zalo_id),
    }
