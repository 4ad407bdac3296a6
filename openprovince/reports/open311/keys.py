"""Integrator API keys: issue (shown once), check on every POST, disable."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openprovince.accounts.hashing import keyed_hash
from openprovince.core.audit import audit_record
from openprovince.core.errors import PermissionDenied

from .models import IntegratorKey

PURPOSE = "open311.api_key"
PREFIX = "o311_"  # makes a leaked key easy to recognise (secret scanners, logs)
MAX_KEY_CHARS = 200


def integrator_key_issue(*, key: IntegratorKey, by: Any = None) -> str:
    """Give a new (unsaved) key its secret, save it and return the secret: the only time it
    can be read. Only its keyed hash is stored."""
    raw = PREFIX + secrets.token_urlsafe(32)
    key.key_hash = keyed_hash(raw, purpose=PURPOSE)
    with transaction.atomic():
        key.save()
        audit_record(action="open311.key_issue", actor=by, target=key, details={"name": key.name})
    return raw


def integrator_keys_disable(*, keys: Iterable[IntegratorKey], by: Any = None) -> int:
    count = 0
    with transaction.atomic():
        for key in keys:
            if key.is_active:
                IntegratorKey.objects.filter(pk=key.pk).update(is_active=False)
                audit_record(action="open311.key_disable", actor=by, target=key)
                count += 1
    return count


def _deny(request: HttpRequest | None, reason: str, key: IntegratorKey | None = None) -> None:
    audit_record(
        action="open311.denied",
        request=request,
        success=False,
        target=key,
        details={"reason": reason, "path": request.path[:300] if request else ""},
    )


def integrator_key_check(*, raw: str, request: HttpRequest | None = None) -> IntegratorKey:
    """The active key matching `raw`, its last use noted; otherwise PermissionDenied (403)
    with the refusal in the audit log (`open311.denied`)."""
    raw = (raw or "").strip()
    if not raw:
        _deny(request, "missing")
        raise PermissionDenied("open311.key_missing", _("An api_key is required to send reports."))
    key = None
    if len(raw) <= MAX_KEY_CHARS:
        key = IntegratorKey.objects.filter(key_hash=keyed_hash(raw, purpose=PURPOSE)).first()
    if key is None:
        _deny(request, "unknown")
        raise PermissionDenied("open311.key_unknown", _("This api_key is not valid."))
    if not key.is_active:
        _deny(request, "disabled", key)
        raise PermissionDenied("open311.key_disabled", _("This api_key has been disabled."))
    key.last_used_at = timezone.now()
    IntegratorKey.objects.filter(pk=key.pk).update(last_used_at=key.last_used_at)
    return key
