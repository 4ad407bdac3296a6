"""Urgent notices: sent right after publishing, and every minute for scheduled ones whose
time has come (or a sending that stopped half way)."""

from __future__ import annotations

from datetime import timedelta

from openprovince.tasks import periodic, task

from .services.broadcast import TASK, article_broadcast, broadcasts_due


@task(name=TASK)
def broadcast(*, article_id: int) -> None:
    article_broadcast(article_id=article_id)


@periodic(every=timedelta(minutes=1))
@task(name="news.broadcast_due")
def broadcast_due() -> None:
    for article_id in broadcasts_due():
        article_broadcast(article_id=article_id)
