"""The notification outbox: write in the caller's transaction, deliver afterwards.

`notification_enqueue` is called INSIDE the transaction of the change it announces (a case
transition): the inbox entry and the outbox rows commit with that change or not at all.
`outbox_deliver_due` runs in a worker: claim (short transaction, lease) → send (no
transaction held) → mark sent, or retry with backoff, or dead-letter. A claim whose lease ran
out (its worker died) is claimed again, so delivery is at least once.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from openprovince.accounts.models import Consent, ConsentPurpose, User
from openprovince.core.audit import audit_record
from openprovince.core.rows import row_insert

from .channels import CHANNELS, AddressGoneError, DeliveryError, PermanentError
from .models import Channel, InAppNotification, NotificationPreference, OutboxMessage
from .rendering import absolute_link, message_language, message_render

log = logging.getLogger("openprovince.notifications")
CONSENT_PURPOSE = "notify-by-zalo-sms"  # one purpose covers SMS and Zalo (accounts migration)
DELIVER_TASK = "notifications.deliver_due"
Status = OutboxMessage.Status


def _check_link(link: str) -> str:
    if link and not (
        (link.startswith("/") and not link.startswith("//"))
        or link.startswith(("https://", "http://"))
    ):
        raise ValueError(f"a notification link is a path or an http(s) URL, not {link[:40]!r}")
    return link[:500]


@dataclass(frozen=True)
class Reach:
    """What a person allows: the channels they turned off, and whether they agreed to be
    messaged by SMS and Zalo (CONSENT_PURPOSE)."""

    disabled: frozenset[str]
    consented: bool


def person_reach(user: User) -> Reach:
    """The person's turned-off channels and `consent_active(CONSENT_PURPOSE)` in one
    statement: asked in the transaction of every report, case step and answer whose person
    has a phone (the ORM took two queries, each costing more CPU than this one)."""
    quote = connection.ops.quote_name
    preferences = quote(NotificationPreference._meta.db_table)
    consents, purposes = quote(Consent._meta.db_table), quote(ConsentPurpose._meta.db_table)
    # Names come from the models; every value is a parameter.
    sql = (
        f"SELECT channel, 0 FROM {preferences} WHERE user_id = %s AND enabled = %s "  # noqa: S608
        f"UNION ALL SELECT NULL, 1 WHERE EXISTS (SELECT 1 FROM {consents} c "
        f"JOIN {purposes} p ON p.id = c.purpose_id "
        "WHERE c.user_id = %s AND p.code = %s AND c.withdrawn_at IS NULL)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, False, user.pk, CONSENT_PURPOSE])
        rows = cursor.fetchall()
    return Reach(
        disabled=frozenset(channel for channel, consent in rows if not consent),
        consented=any(consent for _channel, consent in rows),
    )


def notification_enqueue(
    *,
    recipient: User,
    event: str,
    context: dict[str, Any],
    link: str = "",
    channels: Sequence[str] | None = None,
) -> None:
    """Tell `recipient` about `event`: always in the in-app inbox, and on each other channel
    (NOTIFY_CHANNELS, narrowed by `channels`) that the person has not turned off, can be
    reached on, and — for SMS and Zalo — has consented to. Call inside your transaction."""
    link = _check_link(link or str(context.get("link", "")))
    ctx = {**context, "link": absolute_link(link)}
    inbox = message_render(event=event, channel=Channel.IN_APP, context={**ctx, "link": link})
    row_insert(
        InAppNotification(
            user=recipient, event=event[:80], title=inbox.subject, body=inbox.body, link=link
        )
    )
    if not recipient.is_active:
        return
    wanted = [
        c for c in settings.NOTIFY_CHANNELS if c in CHANNELS and (channels is None or c in channels)
    ]
    # Asked at most once, and only of someone a channel can reach: many people (signed in
    # with Zalo, no phone or e-mail given) have no address at all.
    reach: Reach | None = None
    rows = []
    for code in wanted:
        channel = CHANNELS[code]
        if not channel.available(event) or not channel.address(recipient):
            continue
        reach = reach or person_reach(recipient)
        if code in reach.disabled or (channel.NEEDS_CONSENT and not reach.consented):
            continue
        text = message_render(event=event, channel=code, context=ctx)
        rows.append(
            OutboxMessage(
                recipient=recipient,
                channel=code,
                event=event[:80],
                language=message_language(ctx),
                subject=text.subject,
                body=text.body,
                context=ctx,
            )
        )
    if rows:
        OutboxMessage.objects.bulk_create(rows)
        # Deliver soon after the commit; the periodic sweep (30 s) catches anything missed,
        # so a queue that is down must not break the caller's request (robust).
        transaction.on_commit(_deliver_soon, robust=True)


def _deliver_soon() -> None:
    from openprovince.tasks import task_enqueue

    task_enqueue(DELIVER_TASK)


def retry_delay(attempts: int) -> timedelta:
    """NOTIFY_RETRY_BASE_SECONDS × 2^(attempts − 1), capped, ±20 % jitter: 1, 2, 4, 8… min."""
    base = min(
        settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0),
        settings.NOTIFY_RETRY_MAX_SECONDS,
    )
    return timedelta(seconds=base * random.uniform(0.8, 1.2))  # noqa: S311 - jitter, not secrets


def outbox_claim_due(*, limit: int = 100) -> list[OutboxMessage]:
    """Lease up to `limit` due messages to this worker, counting the attempt. Due: pending or
    retrying whose time has come, or sending whose lease ran out (the worker died)."""
    now = timezone.now()
    due = Q(status__in=[Status.PENDING, Status.RETRYING], next_attempt_at__lte=now) | Q(
        status=Status.SENDING, lease_until__lt=now
    )
    with transaction.atomic():
        # PostgreSQL: skip rows another worker is claiming. SQLite: the IMMEDIATE transaction
        # already holds the write lock, so claims queue one behind the other.
        ids = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(due)
            .order_by("next_attempt_at", "id")
            .values_list("id", flat=True)[:limit]
        )
        if not ids:
            return []
        OutboxMessage.objects.filter(id__in=ids).update(
            status=Status.SENDING,
            lease_until=now + timedelta(seconds=settings.NOTIFY_LEASE_SECONDS),
            attempts=F("attempts") + 1,
        )
    return list(OutboxMessage.objects.filter(id__in=ids).select_related("recipient"))


def _still_wanted(message: OutboxMessage) -> str:
    """Why a claimed message should no longer go out ("" if it should)."""
    user = message.recipient
    channel = CHANNELS.get(message.channel)
    if channel is None or message.channel not in settings.NOTIFY_CHANNELS:
        return "channel switched off"
    if not user.is_active or not channel.address(user):
        return "no address"
    reach = person_reach(user)
    if message.channel in reach.disabled:
        return "turned off by the person"
    if channel.NEEDS_CONSENT and not reach.consented:
        return "consent withdrawn"
    return ""


def _mark_sent(message: OutboxMessage, provider_id: str) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.SENT, provider_id=provider_id, sent_at=timezone.now(), lease_until=None
    )


def _mark_failed(message: OutboxMessage, error: DeliveryError) -> str:
    dead = isinstance(error, PermanentError) or message.attempts >= settings.NOTIFY_MAX_ATTEMPTS
    status = Status.DEAD if dead else Status.RETRYING
    if isinstance(error, AddressGoneError):
        status = Status.CANCELLED  # like an address removed before sending: nothing to fix
    fields: dict[str, Any] = {"status": status, "lease_until": None, "last_error": str(error)}
    if not dead:
        fields["next_attempt_at"] = timezone.now() + retry_delay(message.attempts)
    # Only if no other worker took the message over meanwhile (its lease ran out).
    OutboxMessage.objects.filter(
        pk=message.pk, status=Status.SENDING, attempts=message.attempts
    ).update(**fields)
    return status


def outbox_deliver(message: OutboxMessage) -> str:
    """Send one claimed message and record the outcome. Returns the new status."""
    reason = _still_wanted(message)
    if reason:
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=Status.CANCELLED, lease_until=None, last_error=reason
        )
        return Status.CANCELLED
    try:
        provider_id = CHANNELS[message.channel].send(message)
    except DeliveryError as exc:
        status = _mark_failed(message, exc)
        log.warning("notification %s (%s) not sent: %s", message.pk, message.channel, exc)
        return status
    except Exception as exc:  # a bug in a channel must not stop the other messages
        log.exception("notification %s (%s): channel crashed", message.pk, message.channel)
        return _mark_failed(message, DeliveryError("crash", f"{type(exc).__name__}: {exc}"))
    _mark_sent(message, provider_id)
    return Status.SENT


def outbox_deliver_due(*, limit: int = 100) -> int:
    """Claim due messages and send them, outside any transaction. Returns how many were sent."""
    sent = 0
    for message in outbox_claim_due(limit=limit):
        if message.lease_until is not None and timezone.now() >= message.lease_until:
            continue  # earlier sends were slow; another worker may have it now
        if outbox_deliver(message) == Status.SENT:
            sent += 1
    return sent


def outbox_retry(
    *, messages: Iterable[OutboxMessage], actor: Any = None, request: Any = None
) -> int:
    """Give dead (or cancelled) messages a fresh set of attempts, now (admin "retry now")."""
    ids = [m.pk for m in messages if m.status in (Status.DEAD, Status.CANCELLED)]
    if not ids:
        return 0
    now: datetime = timezone.now()
    with transaction.atomic():
        count = OutboxMessage.objects.filter(
            pk__in=ids, status__in=[Status.DEAD, Status.CANCELLED]
        ).update(status=Status.PENDING, attempts=0, next_attempt_at=now, lease_until=None)
        audit_record(
            action="notification.retry",
            request=request,
            actor=actor,
            target_type="notifications.outboxmessage",
            target_id=",".join(str(i) for i in ids)[:80],
            details={"count": count},
        )
        transaction.on_commit(_deliver_soon, robust=True)
    return count
