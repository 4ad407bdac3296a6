"""The inbox for app clients (the Zalo mini app): list, unread count, mark read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from openprovince.accounts.api import bearer

from .selectors import notifications_of, notifications_unread_count
from .services import notifications_mark_read

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    event: str
    title: str
    body: str
    link: str
    created_at: datetime
    read: bool


class InboxOut(Schema):
    unread: int
    items: list[NotificationOut]


class ReadIn(Schema):
    ids: list[int] | None = None  # none: all


class ReadOut(Schema):
    marked: int


@router.get("/notifications", response=InboxOut, auth=bearer, summary="My notifications")
def inbox(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    items = [
        {
            "id": n.pk,
            "event": n.event,
            "title": n.title,
            "body": n.body,
            "link": n.link,
            "created_at": n.created_at,
            "read": n.read_at is not None,
        }
        for n in notifications_of(user)
    ]
    return {"unread": notifications_unread_count(user), "items": items}


@router.post("/notifications/read", response=ReadOut, auth=bearer, summary="Mark as read")
def mark_read(request: HttpRequest, body: ReadIn) -> dict[str, Any]:
    ids = body.ids[:500] if body.ids is not None else None
    return {"marked": notifications_mark_read(user=request.user, ids=ids)}
