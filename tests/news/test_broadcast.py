"""Urgent notices reach the followers of their area, each once, with delivery figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from openprovince.agencies.models import Agency
from openprovince.news.models import Article, NewsAreaFollow, NewsRecipient
from openprovince.news.services.broadcast import (
    article_broadcast,
    article_broadcast_batch,
    broadcast_stats,
    broadcasts_due,
)
from openprovince.news.services.follows import news_follow
from openprovince.news.tasks import broadcast_due
from openprovince.notifications.models import InAppNotification, OutboxMessage
from openprovince.notifications.outbox import outbox_deliver_due
from tests.notifications.helpers import citizen

from .conftest import GO_DAU, TAN_NINH

pytestmark = pytest.mark.django_db


@pytest.fixture
def followers(demo_province: Any) -> dict[str, Any]:
    tan_ninh, go_dau = Agency.objects.get(code=TAN_NINH), Agency.objects.get(code=GO_DAU)
    people = {"tn": citizen(), "tn2": citizen(consent=False), "gd": citizen(), "nobody": citizen()}
    news_follow(user=people["tn"], agency=tan_ninh)
    news_follow(user=people["tn2"], agency=tan_ninh)
    news_follow(user=people["gd"], agency=go_dau)
    return people


def _told(article: Article) -> set[Any]:
    return set(NewsRecipient.objects.filter(article=article).values_list("user_id", flat=True))


def test_given_an_urgent_ward_notice_then_only_that_wards_followers_are_told(
    publish: Any, followers: dict[str, Any]
) -> None:
    article = publish(ward=TAN_NINH, title="Khẩn: lũ sông Vàm Cỏ", is_urgent="1")
    article_broadcast(article_id=article.pk)  # what the queued task runs
    assert _told(article) == {followers["tn"].pk, followers["tn2"].pk}
    inbox = InAppNotification.objects.filter(event="news.urgent")
    assert set(inbox.values_list("user_id", flat=True)) == _told(article)
    assert inbox.first().link == f"/news/{article.public_id}/"  # type: ignore[union-attr]
    sms = OutboxMessage.objects.filter(event="news.urgent", channel="sms")
    # SMS only to the follower who agreed to messages by SMS/Zalo
    assert list(sms.values_list("recipient_id", flat=True)) == [followers["tn"].pk]
    article.refresh_from_db()
    assert article.broadcast_at is not None


def test_given_a_province_wide_urgent_notice_then_every_follower_is_told(
    publish: Any, followers: dict[str, Any]
) -> None:
    article = publish(title="Cảnh báo bão số 9", is_urgent="1")
    article_broadcast(article_id=article.pk)
    assert _told(article) == {followers[k].pk for k in ("tn", "tn2", "gd")}


def test_given_the_task_runs_again_then_nobody_is_told_twice(
    publish: Any, followers: dict[str, Any]
) -> None:
    article = publish(ward=TAN_NINH, title="Khẩn: cắt nước toàn phường", is_urgent="1")
    for _ in range(3):
        article_broadcast(article_id=article.pk)
    Article.objects.filter(pk=article.pk).update(
        broadcast_at=None
    )  # as if it died before the stamp
    article_broadcast(article_id=article.pk)
    assert InAppNotification.objects.filter(event="news.urgent").count() == 2
    assert OutboxMessage.objects.filter(event="news.urgent").count() == 1


def test_given_many_followers_then_batches_reach_all(
    publish: Any, followers: dict[str, Any]
) -> None:
    article = publish(title="Cảnh báo nắng nóng", is_urgent="1")
    assert article_broadcast_batch(article_id=article.pk, batch=2) == 2
    assert Article.objects.get(pk=article.pk).broadcast_at is None
    assert article_broadcast_batch(article_id=article.pk, batch=2) == 1
    assert Article.objects.get(pk=article.pk).broadcast_at is not None
    assert article_broadcast_batch(article_id=article.pk, batch=2) is None
    assert len(_told(article)) == 3


def test_given_a_scheduled_urgent_notice_then_it_is_sent_when_its_time_comes(
    publish: Any, followers: dict[str, Any]
) -> None:
    later = timezone.localtime() + timedelta(hours=1)
    article = publish(
        ward=TAN_NINH,
        title="Khẩn: lịch xả lũ hồ Dầu Tiếng",
        is_urgent="1",
        publish_at=later.strftime("%Y-%m-%dT%H:%M"),
    )
    broadcast_due()
    assert _told(article) == set() and broadcasts_due() == []
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert broadcasts_due() == [article.pk]
    broadcast_due()
    assert _told(article) == {followers["tn"].pk, followers["tn2"].pk}


def test_given_a_notice_not_urgent_or_taken_down_then_nothing_is_sent(
    publish: Any, province_approver: Any, followers: dict[str, Any]
) -> None:
    calm = publish(title="Tin thường: hội chợ nông sản")
    article_broadcast(article_id=calm.pk)
    urgent = publish(ward=TAN_NINH, title="Khẩn: rút lại", is_urgent="1")
    Article.objects.filter(pk=urgent.pk).update(status=Article.Status.WITHDRAWN)
    article_broadcast(article_id=urgent.pk)
    assert not NewsRecipient.objects.exists()


def test_given_an_inactive_follower_then_not_told(publish: Any, followers: dict[str, Any]) -> None:
    followers["tn"].is_active = False
    followers["tn"].save()
    article = publish(ward=TAN_NINH, title="Khẩn: dịch sốt xuất huyết", is_urgent="1")
    article_broadcast(article_id=article.pk)
    assert _told(article) == {followers["tn2"].pk}


def test_given_messages_sent_then_the_figures_count_them(
    publish: Any, followers: dict[str, Any]
) -> None:
    article = publish(title="Cảnh báo mưa lớn", is_urgent="1")
    article_broadcast(article_id=article.pk)
    stats = broadcast_stats(article)
    assert (stats.recipients, stats.queued, stats.sent, stats.failed) == (3, 2, 0, 0)
    outbox_deliver_due()  # the console SMS backend "sends" them
    stats = broadcast_stats(article)
    assert (stats.queued, stats.sent) == (0, 2)
    assert stats.by_channel["sms"]["sent"] == 2


def test_given_a_person_following_five_areas_then_a_sixth_is_refused(
    demo_province: Any,
) -> None:
    from openprovince.agencies.selectors import agencies_local
    from openprovince.core.errors import AppError

    person = citizen()
    areas = list(agencies_local()[:6])
    for area in areas[:5]:
        assert news_follow(user=person, agency=area) is True
    assert news_follow(user=person, agency=areas[0]) is False
    with pytest.raises(AppError):
        news_follow(user=person, agency=areas[5])
    assert NewsAreaFollow.objects.filter(user=person).count() == 5
