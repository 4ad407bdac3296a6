"""The in-app inbox and per-channel preferences: /notifications/."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openprovince.accounts.models import User
from openprovince.accounts.services.privacy import consent_active
from openprovince.core.access import signed_in
from openprovince.core.errors import AppError

from .outbox import CONSENT_PURPOSE
from .selectors import notification_channels_for, notifications_of, notifications_unread_count
from .services import notification_preference_set, notifications_mark_read


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
    context = {
        "items": notifications_of(user),
        "unread": notifications_unread_count(user),
        "channels": notification_channels_for(user),
        "consented": consent_active(user=user, purpose_code=CONSENT_PURPOSE),
    }
    return render(request, "notifications/inbox.html", context)
