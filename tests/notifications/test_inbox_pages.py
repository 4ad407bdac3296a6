"""The inbox page and API, channel preferences, and the outbox admin."""

import pytest

from openprovince.accounts.services.api_tokens import api_tokens_issue
from openprovince.core.models import AuditEvent
from openprovince.notifications.models import (
    InAppNotification,
    NotificationPreference,
    OutboxMessage,
)
from openprovince.notifications.outbox import notification_enqueue
from openprovince.notifications.selectors import notifications_unread_count
from tests.notifications.helpers import HELLO, citizen

pytestmark = pytest.mark.django_db


def _notify(user, n=1):
    for _ in range(n):
        notification_enqueue(recipient=user, event="test.hello", context=HELLO, link="/me/")


def test_given_a_guest_then_the_inbox_asks_to_sign_in(client):
    response = client.get("/notifications/")
    assert response.status_code == 302 and response["Location"].startswith("/signin/")


def test_given_notifications_then_listed_with_the_unread_count_and_marked_read(client):
    me, other = citizen(), citizen()
    _notify(me, 2)
    _notify(other)
    client.force_login(me)
    page = client.get("/notifications/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert html.count("Hello Lê Thị Mai [vi]") == 2 and 'href="/me/"' in html
    assert notifications_unread_count(me) == 2 and notifications_unread_count(other) == 1
    mine = InAppNotification.objects.filter(user=me).first()
    theirs = InAppNotification.objects.get(user=other)
    client.post("/notifications/", {"action": "read", "id": theirs.pk})  # not mine: no effect
    client.post("/notifications/", {"action": "read", "id": mine.pk})
    assert notifications_unread_count(me) == 1 and notifications_unread_count(other) == 1
    client.post("/notifications/", {"action": "read_all"})
    assert notifications_unread_count(me) == 0 and notifications_unread_count(other) == 1


def test_given_a_channel_turned_off_on_the_page_then_it_is_not_used(client, fake_zns):
    me = citizen()
    client.force_login(me)
    response = client.post("/notifications/", {"action": "off", "channel": "sms"})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=me, channel="sms").enabled is False
    _notify(me)
    assert list(OutboxMessage.objects.values_list("channel", flat=True)) == ["zns"]
    client.post("/notifications/", {"action": "on", "channel": "sms"})
    _notify(me)
    assert OutboxMessage.objects.filter(channel="sms").count() == 1
    client.post("/notifications/", {"action": "off", "channel": "in_app"})  # cannot be
    assert not NotificationPreference.objects.filter(channel="in_app").exists()


def test_the_page_says_when_consent_is_missing_and_shows_zalo_only_when_configured(
    client, settings
):
    client.force_login(citizen(consent=False))
    html = client.get("/notifications/").content.decode()
    assert 'href="/me/consents/"' in html and 'value="zns"' not in html
    settings.ZNS_ACCESS_TOKEN = "token"
    assert 'value="zns"' in client.get("/notifications/").content.decode()


def test_the_app_reads_and_marks_its_inbox_with_a_bearer_token(client):
    me = citizen()
    _notify(me, 2)
    token = api_tokens_issue(user=me).access_token
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/v1/notifications").status_code == 401
    data = client.get("/api/v1/notifications", **auth).json()
    assert data["unread"] == 2 and data["items"][0]["title"] == "Hello Lê Thị Mai [vi]"
    first = data["items"][0]["id"]
    marked = client.post(
        "/api/v1/notifications/read", {"ids": [first]}, content_type="application/json", **auth
    )
    assert marked.json() == {"marked": 1}
    client.post("/api/v1/notifications/read", {}, content_type="application/json", **auth)
    assert client.get("/api/v1/notifications", **auth).json()["unread"] == 0


def test_admins_see_dead_letters_and_retry_them(admin_client, fake_zns):
    me = citizen()
    _notify(me)
    dead = OutboxMessage.objects.get(channel="zns")
    OutboxMessage.objects.filter(pk=dead.pk).update(status="dead", attempts=6, last_error="x")
    page = admin_client.get("/admin/notifications/outboxmessage/?status__exact=dead")
    assert page.status_code == 200 and page.context["cl"].result_count == 1
    response = admin_client.post(
        "/admin/notifications/outboxmessage/",
        {"action": "retry_now", "_selected_action": [dead.pk]},
    )
    assert response.status_code == 302
    dead.refresh_from_db()
    assert (dead.status, dead.attempts) == ("pending", 0)
    assert AuditEvent.objects.filter(action="notification.retry").exists()
    detail = admin_client.get(f"/admin/notifications/outboxmessage/{dead.pk}/change/")
    assert detail.status_code == 200
