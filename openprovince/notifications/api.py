"""The inbox for app clients (the Zalo mini app): list, unread count, mark read; and Web Push
subscriptions for clients that run in a browser with the Push API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from openprovince.accounts.api import bearer

from .selectors import notifications_of, notifications_unread_count, push_subscriptions_count
from .services import notifications_mark_read, push_subscription_delete, push_subscription_save

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


class PushKeysIn(Schema):
    p256dh: str = Field(max_length=200)
    auth: str = Field(max_length=200)


class PushSubscriptionIn(Schema):
    """The browser's `PushSubscription.toJSON()` (`expirationTime` is accepted and ignored)."""

    endpoint: str = Field(max_length=1000)
    keys: PushKeysIn


class PushEndpointIn(Schema):
    endpoint: str = Field(max_length=1000)


class PushDevicesOut(Schema):
    devices: int


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


@router.post(
    "/notifications/push-subscription",
    response={201: PushDevicesOut},
    auth=bearer,
    summary="Get notifications in this browser (Web Push)",
)
def push_subscribe(request: HttpRequest, body: PushSubscriptionIn) -> Status[dict[str, Any]]:
    push_subscription_save(
        user=request.user,
        endpoint=body.endpoint,
        p256dh=body.keys.p256dh,
        auth=body.keys.auth,
        user_agent=request.headers.get("User-Agent", ""),
    )
    return Status(201, {"devices": push_subscriptions_count(request.user)})


@router.delete(
    "/notifications/push-subscription",
    response={204: None},
    auth=bearer,
    summary="Stop notifications in this browser",
)
def push_unsubscribe(request: HttpRequest, body: PushEndpointIn) -> Status[None]:
    push_subscription_delete(user=request.user, endpoint=body.endpoint)
    return Status(204, None)
