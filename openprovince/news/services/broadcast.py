"""Urgent articles go to everyone who follows their area, through the notification outbox
(in-app always; Web Push, Zalo, SMS as the person and the installation allow).

The task works in batches, each in its own transaction with the article row locked: a batch
records its recipients (`NewsRecipient`, unique per article and person) and queues their
messages together, so a task that runs twice or dies half way sends nobody twice and
nobody is forgotten. The last batch stamps `broadcast_at`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from openprovince.accounts.models import User
from openprovince.notifications.outbox import notification_enqueue
from openprovince.notifications.selectors import outbox_counts

from ..models import Article, NewsAreaFollow, NewsRecipient
from ..selectors import articles_visible

TASK = "news.broadcast"
EVENT = "news.urgent"
BATCH = 200


def broadcast_soon(article: Article) -> None:
    """Queue the sending once the caller's transaction commits."""
    from openprovince.tasks import task_enqueue

    task_enqueue(TASK, article_id=article.pk)


def followers_of(article: Article) -> Q:
    """Who should hear of it: followers of one of its areas, or of any area when it is for
    the whole province."""
    follows = NewsAreaFollow.objects.all()
    if not article.whole_province:
        follows = follows.filter(agency__in=article.areas.all())
    return Q(pk__in=follows.values("user_id"), is_active=True)


def article_broadcast_batch(*, article_id: int, batch: int = BATCH) -> int | None:
    """Send to the next `batch` followers not yet reached. Returns how many were reached,
    or None when nothing is left to do (done, or the article no longer shows)."""
    with transaction.atomic():
        # Only the article's row is locked (no join): showing now, urgent, not sent yet.
        article = _waiting().select_for_update().filter(pk=article_id).first()
        if article is None:
            return None
        reached = NewsRecipient.objects.filter(article=article).values("user_id")
        users = list(
            User.objects.filter(followers_of(article))
            .exclude(pk__in=reached)
            .order_by("pk")[:batch]
        )
        NewsRecipient.objects.bulk_create([NewsRecipient(article=article, user=u) for u in users])
        link = reverse("news:detail", args=[article.public_id])
        context = {
            "article": article.public_id,
            "title": article.title,
            "summary": article.summary or article.body_text[:300],
            "agency_name": article.agency.name,
        }
        for user in users:
            notification_enqueue(recipient=user, event=EVENT, context=context, link=link)
        if len(users) < batch:
            article.broadcast_at = timezone.now()
            article.save(update_fields=["broadcast_at"])
        return len(users)


def article_broadcast(*, article_id: int) -> int:
    """Every batch, one after the other. Returns how many people were reached this time."""
    total = 0
    while (count := article_broadcast_batch(article_id=article_id)) is not None:
        total += count
        if count < BATCH:
            break
    return total


def _waiting() -> QuerySet[Article]:
    """Urgent articles showing now (the public pages' rule) whose notice was not sent yet."""
    return articles_visible().filter(is_urgent=True, broadcast_at__isnull=True)


def broadcasts_due() -> list[int]:
    """Urgent articles whose scheduled time came and that were not sent yet."""
    return list(_waiting().values_list("pk", flat=True)[:50])


@dataclass
class DeliveryStats:
    recipients: int = 0
    queued: int = 0
    sent: int = 0
    failed: int = 0
    by_channel: dict[str, dict[str, int]] = field(default_factory=dict)


QUEUED = {"pending", "sending", "retrying"}
FAILED = {"dead", "cancelled"}


def broadcast_stats(article: Article) -> DeliveryStats:
    """Recipients (each got an in-app notice) and the outbox messages by channel: queued,
    sent, failed (failed for good, or cancelled for lack of consent or address)."""
    stats = DeliveryStats(recipients=NewsRecipient.objects.filter(article=article).count())
    for (channel, status), count in outbox_counts(
        event=EVENT, context_key="article", context_value=article.public_id
    ).items():
        group = "queued" if status in QUEUED else "failed" if status in FAILED else "sent"
        row = stats.by_channel.setdefault(channel, {"queued": 0, "sent": 0, "failed": 0})
        row[group] += count
        setattr(stats, group, getattr(stats, group) + count)
    return stats
