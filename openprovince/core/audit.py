"""The audit log: one call records who did what (DESIGN §4, identity issue §7).

Call `audit_record` inside the transaction of the change it describes, so both land or
neither. Failed sign-ins and refused access are recorded too (`success=False`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .counting import count_up_to
from .errors import AppError
from .logging import request_id_var
from .models import AuditEvent
from .rows import row_insert

MAX_DETAIL_CHARS = 2000


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address. Behind a proxy listed in TRUSTED_PROXIES, ClientAddressMiddleware
    has put the address the proxy forwarded in REMOTE_ADDR; X-Forwarded-For is not read here."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _label(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return str(user.get_username())[:150]


def audit_record(
    *,
    action: str,
    request: HttpRequest | None = None,
    actor: Any = None,
    success: bool = True,
    target: Any = None,
    target_type: str = "",
    target_id: str = "",
    agency_code: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit entry. `actor` defaults to the request's user; `target` (a model
    instance) fills target_type/target_id. Details are small, never secrets or codes."""
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(getattr(target, "public_id", None) or target.pk)
    clean = {
        k: (str(v)[:MAX_DETAIL_CHARS] if isinstance(v, str) else v)
        for k, v in (details or {}).items()
    }
    return row_insert(
        AuditEvent(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_label=_label(actor),
            action=action[:80],
            success=success,
            target_type=target_type[:60],
            target_id=str(target_id)[:80],
            agency_code=agency_code[:40],
            ip=client_ip(request),
            request_id=request_id_var.get()[:64] if request_id_var.get() != "-" else "",
            details=clean,
        )
    )


def audit_tries_refuse(
    *, request: HttpRequest | None, action: str, per_hour: int, code: str
) -> None:
    """Refuse (AppError 429, `code`) when this address recorded `action` `per_hour` times in
    the last hour: lookups without an account count their own audit entries, so a wrong
    pair counts too and nothing else has to be stored."""
    ip = client_ip(request)
    if not ip:
        return
    since = timezone.now() - timedelta(hours=1)
    tries = AuditEvent.objects.filter(action=action, ip=ip, at__gte=since)
    if count_up_to(tries, per_hour) >= per_hour:
        raise AppError(
            code,
            _("Too many lookups from this connection. Please try again in an hour."),
            status=429,
        )
