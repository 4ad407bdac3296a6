"""The in-app inbox and per-channel preferences: /notifications/; this browser's Web Push
subscription: /notifications/push-subscription."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openprovince.accounts.models import User
from openprovince.accounts.services.privacy import consent_active
from openprovince.core.access import signed_in
from openprovince.core.errors import AppError

from .models import Channel
from .outbox import CONSENT_PURPOSE
from .selectors import (
    notification_channels_for,
    notifications_of,
    notifications_unread_count,
    push_subscriptions_count,
)
from .services import (
    notification_preference_set,
    notifications_mark_read,
    push_subscription_delete,
    push_subscription_save,
)


@signed_in
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # signed_in let only people through
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "read":
            raw = request.POST.get("id", "")
            notifications_mark_read(user=user, ids=[int(raw)] if raw.isdigit() else [])
        elif action == "read_all":
            notifications_mark_read(user=user)
        elif action in ("on", "off"):
            try:
                notification_preference_set(
                    user=user, channel=request.POST.get("channel", ""), enabled=action == "on"
                )
            except AppError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Saved."))
        return redirect("notifications:inbox")
    channels = notification_channels_for(user)
    push = any(code == Channel.WEBPUSH for code, _label, _on in channels)
    context = {
        "items": notifications_of(user),
        "unread": notifications_unread_count(user),
        "channels": channels,
        "consented": consent_active(user=user, purpose_code=CONSENT_PURPOSE),
        # The browser subscribes with this key; without it the page has no push toggle.
        "push_key": settings.WEBPUSH_VAPID_PUBLIC_KEY.strip().rstrip("=") if push else "",
        "push_devices": push_subscriptions_count(user) if push else 0,
    }
    return render(request, "notifications/inbox.html", context)


def _json_object(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise AppError("invalid_input", _("Some values are not valid.")) from exc
    if not isinstance(data, dict):
        raise AppError("invalid_input", _("Some values are not valid."))
    return data


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


@signed_in
@require_http_methods(["POST", "DELETE"])
def push_subscription(request: HttpRequest) -> HttpResponse:
    """POST the browser's `PushSubscription.toJSON()` to get notifications on it; DELETE
    `{"endpoint": "…"}` to stop. Cookie session + CSRF token (header X-CSRFToken)."""
    user = request.user
    assert isinstance(user, User)  # signed_in let only people through
    try:
        data = _json_object(request)
        if request.method == "DELETE":
            push_subscription_delete(user=user, endpoint=_text(data, "endpoint"))
            return HttpResponse(status=204)
        keys = data.get("keys")
        keys = keys if isinstance(keys, dict) else {}
        push_subscription_save(
            user=user,
            endpoint=_text(data, "endpoint"),
            p256dh=_text(keys, "p256dh"),
            auth=_text(keys, "auth"),
            user_agent=request.headers.get("User-Agent", ""),
        )
    except AppError as exc:
        return JsonResponse(exc.as_dict(), status=exc.status)
    return JsonResponse({"devices": push_subscriptions_count(user)}, status=201)
