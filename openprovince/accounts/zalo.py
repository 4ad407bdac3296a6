"""Zalo Graph API client for sign-in from the Zalo mini app.

Contract (docs/zalo.md; sources there):
- `GET {ZALO_GRAPH_URL}/v2.0/me?fields=id,name,picture` with headers `access_token` and
  `appsecret_proof` = hex(HMAC-SHA256(key=app secret, msg=access token)), as Zalo's official
  Java and PHP SDKs compute it → `{"id", "name", "picture": {"data": {"url"}}}`.
- `GET {ZALO_GRAPH_URL}/v2.0/me/info` with headers `access_token`, `code` (the one-time phone
  token from zmp-sdk getPhoneNumber, valid once for about 2 minutes) and `secret_key` →
  `{"data": {"number": "84912345678"}, "error": 0}`.
- Errors come as HTTP 200 with `error != 0`; 452 / -216 / -124 / -220 mean the user's token
  is invalid or expired.
The app secret is sent only to Zalo, never to clients.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from openprovince.core.errors import AppError

log = logging.getLogger("openprovince.zalo")
INVALID_TOKEN_CODES = {452, -216, -124, -220}


@dataclass(frozen=True)
class ZaloProfile:
    id: str
    name: str
    picture_url: str


def appsecret_proof(access_token: str, app_secret: str) -> str:
    """The one place the proof is computed: hex HMAC-SHA256 keyed by the app secret."""
    return hmac.new(app_secret.encode(), access_token.encode(), hashlib.sha256).hexdigest()


def _unavailable() -> AppError:
    return AppError(
        "accounts.zalo_unavailable",
        _(
            "Zalo cannot be reached right now. Please try again in a few minutes, "
            "or sign in with your phone number."
        ),
        status=503,
    )


def _refused() -> AppError:
    return AppError(
        "accounts.zalo_refused",
        _("Zalo did not accept this sign-in. Please sign in with your phone number."),
        status=502,
    )


def _get(
    path: str, headers: dict[str, str], *, other_error: AppError | None = None
) -> dict[str, Any]:
    if not settings.ZALO_APP_SECRET:
        raise AppError("accounts.zalo_off", _("Sign-in with Zalo is not set up here."), status=503)
    request = urllib.request.Request(settings.ZALO_GRAPH_URL + path, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=settings.ZALO_TIMEOUT) as response:  # noqa: S310
            data = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        log.error("Zalo answered HTTP %s for %s", exc.code, path)
        raise _unavailable() from exc
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        log.error("Zalo unreachable or unreadable for %s: %s", path, exc)
        raise _unavailable() from exc
    if not isinstance(data, dict):
        raise _unavailable()
    error = data.get("error", 0)
    if error in (0, None):
        return data
    if error in INVALID_TOKEN_CODES:
        raise AppError(
            "accounts.zalo_token_invalid",
            _("Your Zalo sign-in has expired. Please open the app again."),
            status=401,
        )
    log.error("Zalo refused %s: error %s %s", path, error, str(data.get("message", ""))[:200])
    # For /me that is our configuration (wrong secret or proof, app not approved, region);
    # for /me/info most often a phone token that was used or expired.
    raise other_error or _refused()


def zalo_profile(*, access_token: str) -> ZaloProfile:
    data = _get(
        "/v2.0/me?fields=id,name,picture",
        {
            "access_token": access_token,
            "appsecret_proof": appsecret_proof(access_token, settings.ZALO_APP_SECRET),
        },
    )
    user_id = str(data.get("id") or "")
    if not user_id.isdigit():
        log.error("Zalo profile without a usable id")
        raise _unavailable()
    picture = data.get("picture") or {}
    url = (picture.get("data") or {}).get("url", "") if isinstance(picture, dict) else ""
    return ZaloProfile(id=user_id, name=str(data.get("name") or "")[:120], picture_url=str(url))


def zalo_phone_number(*, access_token: str, phone_token: str) -> str:
    """The phone number the person agreed to share, as Zalo gives it (84…)."""
    token_gone = AppError(
        "accounts.zalo_phone_token_invalid",
        _(
            "The permission to read your phone number has expired. Please try again and allow "
            "Zalo to share it."
        ),
        status=400,
    )
    data = _get(
        "/v2.0/me/info",
        {
            "access_token": access_token,
            "code": phone_token,
            "secret_key": settings.ZALO_APP_SECRET,
        },
        other_error=token_gone,
    )
    number = str((data.get("data") or {}).get("number") or "")
    if not number:
        raise AppError(
            "accounts.zalo_phone_missing",
            _(
                "Zalo did not share a phone number. Please allow it, or sign in "
                "with your phone number."
            ),
            status=400,
        )
    return number
