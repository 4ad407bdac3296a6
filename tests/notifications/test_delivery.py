"""outbox_deliver_due: retries with backoff, dead letters, and at-least-once delivery when a
worker dies — against the fake ZNS server in its own process."""

import pytest

from openprovince.notifications import outbox
from openprovince.notifications.models import OutboxMessage
from openprovince.notifications.outbox import (
    notification_enqueue,
    outbox_claim_due,
    outbox_deliver_due,
    outbox_retry,
)
from tests.notifications.helpers import HELLO, citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def zalo_message(fake_zns):
    user = citizen()
    notification_enqueue(recipient=user, event="test.hello", context=HELLO, channels=["zns"])
    return OutboxMessage.objects.get(channel="zns")


def _reload(message):
    message.refresh_from_db()
    return message


def test_given_zalo_failing_twice_then_retried_with_backoff_and_delivered_once(
    zalo_message, fake_zns, clock
):
    fake_zns.call("/_fake/fail", {"times": 2, "error": -100})
    assert outbox_deliver_due() == 0
    message = _reload(zalo_message)
    assert (message.status, message.attempts) == ("retrying", 1)
    assert "zns.-100" in message.last_error
    first_wait = message.next_attempt_at - clock.now
    assert 48 <= first_wait.total_seconds() <= 72  # 1 minute ± 20 %
    assert outbox_deliver_due() == 0  # not due yet: nothing sent, nothing claimed
    clock.advance(seconds=73)
    assert outbox_deliver_due() == 0
    message = _reload(message)
    assert (message.status, message.attempts) == ("retrying", 2)
    assert 96 <= (message.next_attempt_at - clock.now).total_seconds() <= 144  # doubled
    clock.advance(seconds=145)
    assert outbox_deliver_due() == 1
    message = _reload(message)
    assert (message.status, message.attempts, message.lease_until) == ("sent", 3, None)
    assert message.sent_at == clock.now
    assert len(fake_zns.call("/_fake/messages")) == 1


def test_given_failures_up_to_the_limit_then_dead_lettered_and_an_admin_can_retry(
    zalo_message, fake_zns, clock, settings, admin_user
):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    fake_zns.call("/_fake/fail", {"times": 100, "status": 503})
    for _ in range(5):
        outbox_deliver_due()
        clock.advance(hours=2)
    message = _reload(zalo_message)
    assert (message.status, message.attempts) == ("dead", 3)
    assert "HTTP 503" in message.last_error
    fake_zns.call("/_fake/fail", {"times": 0})
    assert outbox_retry(messages=[message], actor=admin_user) == 1
    assert (_reload(message).status, message.attempts) == ("pending", 0)
    assert outbox_deliver_due() == 1 and _reload(message).status == "sent"


def test_given_a_permanent_error_then_dead_at_once(zalo_message, fake_zns):
    fake_zns.call("/_fake/fail", {"times": 1, "error": -118})
    outbox_deliver_due()
    message = _reload(zalo_message)
    assert (message.status, message.attempts) == ("dead", 1)
    assert "zns.-118" in message.last_error


def test_given_a_worker_killed_between_claim_and_send_then_sent_once_after_the_lease(
    zalo_message, fake_zns, clock, settings
):
    settings.NOTIFY_LEASE_SECONDS = 120
    [claimed] = outbox_claim_due()  # ...and the worker process dies here
    assert _reload(claimed).status == "sending"
    assert outbox_deliver_due() == 0  # leased to the dead worker: left alone
    clock.advance(seconds=121)
    assert outbox_deliver_due() == 1
    message = _reload(zalo_message)
    assert (message.status, message.attempts) == ("sent", 2)
    assert len(fake_zns.call("/_fake/messages")) == 1


class Killed(BaseException):
    """Stands for the process being killed (not an Exception: nothing may catch it)."""


def test_given_a_worker_killed_between_send_and_mark_then_sent_again_at_least_once(
    zalo_message, fake_zns, clock, monkeypatch
):
    def die(message, provider_id):
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(outbox, "_mark_sent", die)
        with pytest.raises(Killed):
            outbox_deliver_due()
    assert _reload(zalo_message).status == "sending"
    clock.advance(seconds=301)
    assert outbox_deliver_due() == 1
    first, second = fake_zns.call("/_fake/messages")
    # At least once: the person may get it twice; the same tracking id tells the copies apart.
    assert first["tracking_id"] == second["tracking_id"] == zalo_message.key.hex
    assert _reload(zalo_message).status == "sent"


def test_given_a_late_worker_then_it_does_not_overwrite_the_one_that_took_over(
    zalo_message, fake_zns, clock
):
    [stale] = outbox_claim_due()
    clock.advance(seconds=301)
    assert outbox_deliver_due() == 1  # a second worker took it over and sent it
    fake_zns.call("/_fake/fail", {"times": 1})
    outbox.outbox_deliver(stale)  # the first worker wakes up, sends, fails
    assert _reload(zalo_message).status == "sent"


def test_given_a_crashing_channel_then_the_message_is_retried_and_others_still_go(
    fake_zns, monkeypatch
):
    user = citizen()
    notification_enqueue(recipient=user, event="test.hello", context=HELLO)
    from openprovince.notifications.channels import zns

    monkeypatch.setattr(zns, "send", lambda message: 1 / 0)
    assert outbox_deliver_due() == 1  # the SMS
    crashed = OutboxMessage.objects.get(channel="zns")
    assert crashed.status == "retrying" and "ZeroDivisionError" in crashed.last_error
