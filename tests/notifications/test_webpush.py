"""Web Push: subscribing a browser (page and API), delivery through the outbox to the fake push
service in its own process (VAPID checked there, payload decrypted here with the browser's
keys), and what 404/410, 429/5xx and refusals do to the message and the subscription."""

from __future__ import annotations

import base64
import io
import json
import os
import re
from collections.abc import Iterator
from typing import Any

import http_ece  # type: ignore[import-untyped]
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.management import call_command
from django.test import Client

from openprovince.core.errors import AppError
from openprovince.notifications.channels import webpush
from openprovince.notifications.models import (
    NotificationPreference,
    OutboxMessage,
    WebPushSubscription,
)
from openprovince.notifications.outbox import notification_enqueue, outbox_deliver_due
from openprovince.notifications.services import (
    MAX_PUSH_SUBSCRIPTIONS,
    push_subscription_save,
)
from openprovince.notifications.vapid import b64url_encode, vapid_check, vapid_keys_generate
from tests.conftest import bearer
from tests.notifications.helpers import HELLO, citizen
from tests.tasks.helpers import Clock

pytestmark = pytest.mark.django_db
URL = "/notifications/push-subscription"
API_URL = "/api/v1/notifications/push-subscription"


@pytest.fixture(scope="module")
def _push_process() -> Iterator[Any]:
    from tests.fakes.process import FakeProcess

    fake = FakeProcess("tests.fakes.push_service")
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def vapid_pair() -> tuple[str, str]:
    return vapid_keys_generate()


@pytest.fixture
def fake_push(_push_process, settings, vapid_pair):
    """The fake push service, reset; VAPID keys set, so the webpush channel is on."""
    _push_process.call("/_fake/reset", {})
    settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY = vapid_pair
    settings.WEBPUSH_SUBJECT = "mailto:ops@tayninh.example.vn"
    settings.WEBPUSH_ALLOW_LOOPBACK_HTTP = True  # the fake listens on http://127.0.0.1
    settings.NOTIFY_CHANNELS = ["sms", "zns", "email", "webpush"]
    settings.PUBLIC_BASE_URL = "https://dichvu.tayninh.example.vn"
    return _push_process


class Browser:
    """What a browser holds: its ECDH key pair and auth secret (RFC 8291), and the endpoint
    the push service gave it when it subscribed with an application server key."""

    def __init__(self, fake: Any, server_key: str) -> None:
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = fake.call("/_fake/subscribe", {"application_server_key": server_key})[
            "endpoint"
        ]

    def subscription(self) -> dict[str, Any]:
        """`PushSubscription.toJSON()`."""
        point = self.private_key.public_key().public_bytes(
            Encoding.X962, PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": b64url_encode(point), "auth": b64url_encode(self.auth)},
        }

    def save_for(self, user: Any) -> WebPushSubscription:
        sub = self.subscription()
        return push_subscription_save(
            user=user,
            endpoint=sub["endpoint"],
            p256dh=sub["keys"]["p256dh"],
            auth=sub["keys"]["auth"],
        )

    def read(self, stored: dict[str, Any]) -> dict[str, Any]:
        plaintext = http_ece.decrypt(
            base64.b64decode(stored["body"]),
            private_key=self.private_key,
            auth_secret=self.auth,
            version="aes128gcm",
        )
        return json.loads(plaintext)


def _csrf_client(user: Any) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get("/notifications/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    return client, token.group(1)


def _notify(user: Any, channels: list[str] | None = None) -> None:
    notification_enqueue(
        recipient=user, event="test.hello", context=HELLO, link="/me/", channels=channels
    )


def _webpush_message() -> OutboxMessage:
    return OutboxMessage.objects.get(channel="webpush")


# --- Subscribing -------------------------------------------------------------------------------


def test_given_a_guest_then_subscribing_asks_to_sign_in(client, fake_push, vapid_pair):
    browser = Browser(fake_push, vapid_pair[0])
    response = client.post(URL, browser.subscription(), content_type="application/json")
    assert response.status_code == 302 and response["Location"].startswith("/signin/")
    assert not WebPushSubscription.objects.exists()


def test_given_a_signed_in_browser_then_it_subscribes_and_unsubscribes_with_its_csrf_token(
    fake_push, vapid_pair
):
    me = citizen()
    client, token = _csrf_client(me)
    browser = Browser(fake_push, vapid_pair[0])
    body = json.dumps(browser.subscription())
    refused = client.post(URL, body, content_type="application/json")
    assert refused.status_code == 403  # no CSRF token: another site cannot subscribe us
    created = client.post(
        URL,
        body,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
        HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Chrome/131",
    )
    assert created.status_code == 201 and created.json() == {"devices": 1}
    assert "no-store" in created["Cache-Control"]
    saved = WebPushSubscription.objects.get()
    assert (saved.user, saved.endpoint) == (me, browser.endpoint)
    assert saved.user_agent.startswith("Mozilla/5.0 (Linux; Android 14)")
    again = client.post(URL, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert again.json() == {"devices": 1}  # the same browser, kept once
    gone = client.delete(
        URL, {"endpoint": browser.endpoint}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert gone.status_code == 204 and not WebPushSubscription.objects.exists()
    assert client.get(URL).status_code == 405


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[1, 2]",
        "{}",
        '{"endpoint": 5, "keys": {}}',
        '{"endpoint": "http://127.0.0.1:9/push/x"}',
        '{"endpoint": "http://127.0.0.1:9/push/x", "keys": "p256dh"}',
        '{"endpoint": "http://127.0.0.1:9/push/x", "keys": {"p256dh": "AAAA", "auth": "AAAA"}}',
    ],
)
def test_given_a_broken_subscription_then_400_with_the_error_shape(client, fake_push, body):
    client.force_login(citizen())
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"code", "message", "fields"}
    assert not WebPushSubscription.objects.exists()


def test_given_keys_that_are_not_a_browser_key_then_refused(fake_push, vapid_pair):
    browser = Browser(fake_push, vapid_pair[0])
    sub = browser.subscription()
    not_on_the_curve = b64url_encode(b"\x04" + b"\x01" * 64)
    for p256dh, auth in [(not_on_the_curve, sub["keys"]["auth"]), (sub["keys"]["p256dh"], "!!")]:
        with pytest.raises(AppError) as error:
            push_subscription_save(
                user=citizen(), endpoint=browser.endpoint, p256dh=p256dh, auth=auth
            )
        assert error.value.code == "notifications.push_invalid"


@pytest.mark.parametrize(
    ("endpoint", "ok"),
    [
        ("https://fcm.googleapis.com/fcm/send/dRk3:APA91b", True),
        ("https://updates.push.services.mozilla.com/wpush/v2/gAAAAABn", True),
        ("https://web.push.apple.com:443/QGuQyavXutnMH", True),
        ("http://127.0.0.1:8000/push/x", False),  # plain http outside development and tests
        ("http://fcm.googleapis.com/fcm/send/x", False),
        ("https://127.0.0.1/push/x", False),  # addresses inside our network
        ("https://10.0.0.8/push/x", False),
        ("https://[::1]/push/x", False),
        ("https://intranet/push/x", False),
        ("https://metrics.internal/push/x", False),
        ("https://fcm.googleapis.com:8443/fcm/send/x", False),
        ("https://user:pw@fcm.googleapis.com/fcm/send/x", False),
        ("https://fcm.googleapis.com/fcm/send/a b", False),
        ("ftp://fcm.googleapis.com/x", False),
    ],
)
def test_in_production_an_endpoint_must_be_an_https_push_service(
    settings, fake_push, vapid_pair, endpoint, ok
):
    settings.WEBPUSH_ALLOW_LOOPBACK_HTTP = False  # as with DEBUG off
    keys = Browser(fake_push, vapid_pair[0]).subscription()["keys"]
    save = {"user": citizen(), "endpoint": endpoint, **keys}
    if ok:
        assert push_subscription_save(**save).endpoint == endpoint
    else:
        with pytest.raises(AppError):
            push_subscription_save(**save)


def test_a_browser_belongs_to_whoever_subscribed_it_last_and_the_oldest_give_way(
    fake_push, vapid_pair
):
    first, second = citizen(), citizen()
    browser = Browser(fake_push, vapid_pair[0])
    browser.save_for(first)
    browser.save_for(second)
    assert list(WebPushSubscription.objects.values_list("user", flat=True)) == [second.pk]
    for _ in range(MAX_PUSH_SUBSCRIPTIONS + 1):
        Browser(fake_push, vapid_pair[0]).save_for(first)
    assert WebPushSubscription.objects.filter(user=first).count() == MAX_PUSH_SUBSCRIPTIONS


def test_subscribing_turns_a_switched_off_channel_back_on(fake_push, vapid_pair):
    me = citizen()
    NotificationPreference.objects.create(user=me, channel="webpush", enabled=False)
    Browser(fake_push, vapid_pair[0]).save_for(me)
    assert NotificationPreference.objects.get(user=me, channel="webpush").enabled is True


def test_the_app_subscribes_with_a_bearer_token(client, fake_push, vapid_pair):
    me = citizen()
    browser = Browser(fake_push, vapid_pair[0])
    auth = bearer(me)
    sub = browser.subscription()
    assert client.post(API_URL, sub, content_type="application/json").status_code == 401
    created = client.post(API_URL, sub, content_type="application/json", **auth)
    assert created.status_code == 201 and created.json() == {"devices": 1}
    bad = client.post(API_URL, {"endpoint": "x"}, content_type="application/json", **auth)
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_input"
    bad_keys = {**sub, "keys": {"p256dh": "AAAA", "auth": "AAAA"}}
    refused = client.post(API_URL, bad_keys, content_type="application/json", **auth)
    assert refused.status_code == 400 and refused.json()["code"] == "notifications.push_invalid"
    gone = client.delete(API_URL, {"endpoint": browser.endpoint}, "application/json", **auth)
    assert gone.status_code == 204 and not WebPushSubscription.objects.exists()


# --- The page -------------------------------------------------------------------------------


def test_the_page_offers_this_phone_only_when_vapid_is_configured(client, settings, fake_push):
    me = citizen()
    client.force_login(me)
    html = client.get("/notifications/").content.decode()
    assert 'id="push"' in html and "web/push.js" in html
    assert f'data-key="{settings.WEBPUSH_VAPID_PUBLIC_KEY}"' in html
    assert f'data-url="{URL}"' in html and "Báo cho tôi trên điện thoại này" in html
    assert "web/push.js" not in client.get("/").content.decode()  # never on home
    settings.WEBPUSH_VAPID_PUBLIC_KEY = settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    html = client.get("/notifications/").content.decode()
    assert 'id="push"' not in html and "web/push.js" not in html and 'value="webpush"' not in html


def test_the_service_worker_shows_pushes_and_opens_their_link(client):
    worker = client.get("/sw.js").content.decode()
    assert 'addEventListener("push"' in worker and "showNotification" in worker
    assert 'addEventListener("notificationclick"' in worker and "openWindow" in worker


# --- Delivery ---------------------------------------------------------------------------------


def test_given_a_subscribed_browser_then_the_outbox_pushes_a_payload_only_it_can_read(
    fake_push, vapid_pair
):
    me = citizen()
    browser = Browser(fake_push, vapid_pair[0])
    browser.save_for(me)
    _notify(me, channels=["webpush"])
    message = _webpush_message()
    assert outbox_deliver_due() == 1
    message.refresh_from_db()
    [stored] = fake_push.call("/_fake/messages")
    assert (message.status, message.attempts) == ("sent", 1)
    assert message.provider_id == f"{fake_push.url}/m/{stored['id']}"
    # The fake checked the VAPID JWT's signature; here what it says.
    claims = stored["claims"]
    assert claims["aud"] == fake_push.url and claims["sub"] == "mailto:ops@tayninh.example.vn"
    assert stored["ttl"] == webpush.TTL_SECONDS and stored["urgency"] == "normal"
    assert browser.read(stored) == {
        "title": "Hello Lê Thị Mai [vi]",
        "body": "Body for Lê Thị Mai & co: https://dichvu.tayninh.example.vn/me/",
        "link": "https://dichvu.tayninh.example.vn/me/",
        "tag": message.key.hex,
    }
    subscription = WebPushSubscription.objects.get()
    assert subscription.last_success_at is not None and subscription.failures == 0


def test_given_no_subscription_then_no_webpush_message(fake_push):
    me = citizen()
    _notify(me)
    assert set(OutboxMessage.objects.values_list("channel", flat=True)) == {"sms"}


def test_given_the_channel_turned_off_then_no_webpush_message(client, fake_push, vapid_pair):
    me = citizen()
    Browser(fake_push, vapid_pair[0]).save_for(me)
    client.force_login(me)
    client.post("/notifications/", {"action": "off", "channel": "webpush"})
    _notify(me, channels=["webpush"])
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize("status", [404, 410])
def test_given_an_expired_subscription_then_it_is_removed_and_the_message_cancelled(
    fake_push, vapid_pair, monkeypatch, status
):
    me = citizen()
    browser = Browser(fake_push, vapid_pair[0])
    browser.save_for(me)
    _notify(me, channels=["webpush"])
    fake_push.call("/_fake/fail", {"times": 1, "status": status})
    clock = Clock(monkeypatch)  # after the message: its due time is the real clock's
    assert outbox_deliver_due() == 0
    message = _webpush_message()
    assert (message.status, message.attempts) == ("cancelled", 1)
    assert "webpush.gone" in message.last_error
    assert not WebPushSubscription.objects.exists()
    clock.advance(hours=2)
    assert outbox_deliver_due() == 0  # not retried
    message.refresh_from_db()
    assert message.status == "cancelled" and fake_push.call("/_fake/messages") == []


def test_given_two_browsers_and_one_expired_then_the_other_gets_it(fake_push, vapid_pair):
    me = citizen()
    phone, laptop = Browser(fake_push, vapid_pair[0]), Browser(fake_push, vapid_pair[0])
    phone.save_for(me)
    laptop.save_for(me)
    fake_push.call("/_fake/expire", {"endpoint": phone.endpoint})
    _notify(me, channels=["webpush"])
    assert outbox_deliver_due() == 1
    assert list(WebPushSubscription.objects.values_list("endpoint", flat=True)) == [laptop.endpoint]
    [stored] = fake_push.call("/_fake/messages")
    assert laptop.read(stored)["title"] == "Hello Lê Thị Mai [vi]"


@pytest.mark.parametrize("status", [429, 500, 503])
def test_given_the_push_service_busy_then_retried_and_delivered(
    fake_push, vapid_pair, monkeypatch, status
):
    me = citizen()
    browser = Browser(fake_push, vapid_pair[0])
    browser.save_for(me)
    _notify(me, channels=["webpush"])
    fake_push.call("/_fake/fail", {"times": 1, "status": status})
    clock = Clock(monkeypatch)  # after the message: its due time is the real clock's
    assert outbox_deliver_due() == 0
    message = _webpush_message()
    assert (message.status, message.attempts) == ("retrying", 1)
    assert f"HTTP {status}" in message.last_error
    assert WebPushSubscription.objects.get().failures == 1
    clock.advance(seconds=73)
    assert outbox_deliver_due() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)
    assert WebPushSubscription.objects.get().failures == 0
    [stored] = fake_push.call("/_fake/messages")
    assert browser.read(stored)["tag"] == message.key.hex


def test_given_a_push_service_that_cannot_be_reached_then_retryable(settings, fake_push):
    me = citizen()
    keys = Browser(fake_push, "unused").subscription()["keys"]
    push_subscription_save(user=me, endpoint="http://127.0.0.1:9/push/x", **keys)  # discard port
    _notify(me, channels=["webpush"])
    outbox_deliver_due()
    message = _webpush_message()
    assert message.status == "retrying" and "unreachable" in message.last_error


def test_given_keys_changed_since_the_browser_subscribed_then_dead_and_dropped_after_three(
    fake_push, vapid_pair
):
    me = citizen()
    other_public, _other_private = vapid_keys_generate()
    Browser(fake_push, other_public).save_for(me)  # subscribed for another server key
    for attempt in range(1, 4):
        _notify(me, channels=["webpush"])
        outbox_deliver_due()
        dead = OutboxMessage.objects.filter(channel="webpush", status="dead")
        assert dead.count() == attempt and "HTTP 403" in dead.first().last_error
    assert not WebPushSubscription.objects.exists()  # refused three times in a row
    _notify(me, channels=["webpush"])
    assert OutboxMessage.objects.filter(channel="webpush").count() == 3  # no longer reachable


def test_a_long_body_is_cut_to_fit_one_push_message(fake_push, vapid_pair):
    me = citizen()
    Browser(fake_push, vapid_pair[0]).save_for(me)
    _notify(me, channels=["webpush"])
    message = _webpush_message()
    message.body = 'Đường ngập sâu "nửa mét"\n' * 400
    assert len(webpush.payload(message)) <= webpush.MAX_PAYLOAD_BYTES
    assert json.loads(webpush.payload(message))["body"].startswith("Đường ngập sâu")


# --- Keys -------------------------------------------------------------------------------------


def test_webpush_keys_prints_a_pair_that_the_start_up_check_accepts(settings):
    out = io.StringIO()
    call_command("webpush_keys", stdout=out)
    values = dict(line.split("=", 1) for line in out.getvalue().split())
    settings.WEBPUSH_VAPID_PUBLIC_KEY = values["WEBPUSH_VAPID_PUBLIC_KEY"]
    settings.WEBPUSH_VAPID_PRIVATE_KEY = values["WEBPUSH_VAPID_PRIVATE_KEY"]
    assert len(base64.urlsafe_b64decode(settings.WEBPUSH_VAPID_PUBLIC_KEY + "=")) == 65
    assert vapid_check() == []
    settings.WEBPUSH_VAPID_PUBLIC_KEY = vapid_keys_generate()[0]
    assert [e.id for e in vapid_check()] == ["notifications.E002"]
    settings.WEBPUSH_VAPID_PRIVATE_KEY = "not-a-key"
    assert [e.id for e in vapid_check()] == ["notifications.E001"]
