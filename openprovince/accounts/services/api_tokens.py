"""Bearer tokens for app clients on other origins (the Zalo mini app).

Access tokens live API_ACCESS_TOKEN_MINUTES (15); refresh tokens API_REFRESH_TOKEN_DAYS (30)
and are used once: a refresh returns a new pair in the same family, and presenting a used
refresh token again (a sign it was stolen) revokes the whole family.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.core.audit import audit_record
from openprovince.core.errors import AppError

from ..hashing import keyed_hash
from ..models import ApiToken, User

PURPOSE = "api-token"


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int  # seconds until the access token expires


def _mint(user: User, kind: str, family: uuid.UUID, lifetime: timedelta) -> str:
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        kind=kind,
        family=family,
        token_hash=keyed_hash(raw, purpose=PURPOSE),
        expires_at=timezone.now() + lifetime,
    )
    return raw


def api_tokens_issue(*, user: User, family: uuid.UUID | None = None) -> TokenPair:
    family = family or uuid.uuid4()
    access_life = timedelta(minutes=settings.API_ACCESS_TOKEN_MINUTES)
    return TokenPair(
        access_token=_mint(user, ApiToken.Kind.ACCESS, family, access_life),
        refresh_token=_mint(
            user, ApiToken.Kind.REFRESH, family, timedelta(days=settings.API_REFRESH_TOKEN_DAYS)
        ),
        expires_in=int(access_life.total_seconds()),
    )


def _invalid() -> AppError:
    return AppError(
        "accounts.token_invalid", _("Your sign-in has ended. Please sign in again."), status=401
    )


def api_tokens_refresh(*, refresh_token: str, request: HttpRequest | None = None) -> TokenPair:
    token_hash = keyed_hash(refresh_token, purpose=PURPOSE)
    reused = False
    with transaction.atomic():
        row = (
            ApiToken.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=token_hash, kind=ApiToken.Kind.REFRESH)
            .first()
        )
        if (
            row is None
            or row.revoked_at
            or row.expires_at <= timezone.now()
            or not row.user.is_active
        ):
            raise _invalid()
        if row.used_at is not None:
            reused = True
            ApiToken.objects.filter(family=row.family, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
        else:
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
            return api_tokens_issue(user=row.user, family=row.family)
    if reused:
        audit_record(
            action="token.reuse", request=request, actor=row.user, success=False, target=row.user
        )
    raise _invalid()


def api_tokens_revoke(
    *, user: User, family: uuid.UUID | None = None, request: HttpRequest | None = None
) -> int:
    """Sign out an app: the token family, or every token of the user."""
    qs = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if family is not None:
        qs = qs.filter(family=family)
    count = qs.update(revoked_at=timezone.now())
    audit_record(
        action="token.revoke", request=request, actor=user, target=user, details={"tokens": count}
    )
    return count


def api_token_user(*, access_token: str) -> tuple[User, ApiToken] | None:
    """The user behind a valid access token (for the API's bearer authentication)."""
    row = (
        ApiToken.objects.select_related("user")
        .filter(
            token_hash=keyed_hash(access_token, purpose=PURPOSE),
            kind=ApiToken.Kind.ACCESS,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    return row.user, row
