"""notification_enqueue: inbox always; other channels by preference, address and consent;
nothing at all when the caller's transaction rolls back."""

from datetime import timedelta

import pytest
from django.db import transaction

from openprovince.accounts.services.privacy import consent_withdraw
from openprovince.notifications.models import InAppNotification, OutboxMessage
from openprovince.notifications.outbox import notification_enqueue, outbox_deliver_due
from openprovince.notifications.services import notification_preference_set
from openprovince.tasks.models import QueuedTask
from openprovince.tasks.registry import schedules
from tests.notifications.helpers import CASE, HELLO, citizen

pytestmark = pytest.mark.django_db


def _channels(user):
    return sorted(OutboxMessage.objects.filter(recipient=user).values_list("channel", flat=True))


def test_given_consent_and_a_phone_then_inbox_sms_and_zalo(fake_zns):
    user = citizen()
    notification_enqueue(recipient=user, event="test.hello", context=HELLO, link="/me/")
    inbox = InAppNotification.objects.get(user=user)
    assert (inbox.title, inbox.link, inbox.read_at) == ("Hello Lê Thị Mai [vi]", "/me/", None)
    assert _channels(user) == ["sms", "zns"]  # no e-mail address: no e-mail
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"pending"}


def test_given_no_consent_then_only_the_inbox(fake_zns):
    user = citizen(consent=False, email="mai@example.vn")
    notification_enqueue(recipient=user, event="test.hello", context=HELLO)
    assert InAppNotification.objects.filter(user=user).count() == 1
    assert _channels(user) == ["email"]  # e-mail needs no consent, SMS and Zalo do


def test_given_no_phone_then_no_sms_or_zalo_even_with_consent(fake_zns):
    user = citizen(phone=None)
    notification_enqueue(recipient=user, event="test.hello", context=HELLO)
    assert _channels(user) == []


def test_given_nobody_to_reach_on_any_channel_then_preferences_are_not_even_read(fake_zns):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = citizen(phone=None)  # no phone, no e-mail, no browser subscribed
    with CaptureQueriesContext(connection) as captured:
        notification_enqueue(recipient=user, event="test.hello", context=HELLO)
    assert not any("notificationpreference" in q["sql"] for q in captured.captured_queries)
    reachable = citizen(phone="0912000111")
    with CaptureQueriesContext(connection) as captured:
        notification_enqueue(recipient=reachable, event="test.hello", context=HELLO)
    read = [q for q in captured.captured_queries if "notificationpreference" in q["sql"]]
    assert len(read) == 1 and _channels(reachable) == ["sms", "zns"]


def test_given_sms_turned_off_then_no_sms_and_the_inbox_still(fake_zns):
    user = citizen()
    notification_preference_set(user=user, channel="sms", enabled=False)
    notification_enqueue(recipient=user, event="test.hello", context=HELLO)
    assert _channels(user) == ["zns"] and InAppNotification.objects.count() == 1


def test_given_channels_narrowed_by_the_caller_or_the_installation(fake_zns, settings):
    user = citizen()
    notification_enqueue(recipient=user, event="test.hello", context=HELLO, channels=["zns"])
    assert _channels(user) == ["zns"]
    settings.NOTIFY_CHANNELS = ["sms"]
    notification_enqueue(recipient=user, event="test.hello", context=HELLO, channels=["zns"])
    assert _channels(user) == ["zns"] and InAppNotification.objects.count() == 2


def test_given_an_event_without_a_zns_template_then_no_zalo_message(fake_zns):
    user = citizen()
    notification_enqueue(recipient=user, event="case.overdue", context=CASE)
    assert _channels(user) == ["sms"]


def test_given_zns_without_a_token_then_no_zalo_message(fake_zns, settings):
    settings.ZNS_ACCESS_TOKEN = ""
    user = citizen()
    notification_enqueue(recipient=user, event="test.hello", context=HELLO)
    assert _channels(user) == ["sms"]


def test_given_a_rolled_back_transaction_then_nothing_is_written_or_sent(
    fake_zns, django_capture_on_commit_callbacks
):
    user = citizen()

    def failing_transition():
        with transaction.atomic():
            notification_enqueue(recipient=user, event="test.hello", context=HELLO)
            raise RuntimeError("the transition failed")

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        failing_transition()
    assert callbacks == []
    assert not InAppNotification.objects.exists() and not OutboxMessage.objects.exists()
    assert not QueuedTask.objects.exists()
    assert outbox_deliver_due() == 0 and fake_zns.call("/_fake/messages") == []


def test_given_a_commit_then_delivery_is_queued_and_the_worker_sends(
    fake_zns, django_capture_on_commit_callbacks
):
    from openprovince.notifications.models import DevSmsMessage
    from openprovince.tasks import tasks_run_worker

    user = citizen()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notification_enqueue(recipient=user, event="test.hello", context=HELLO, link="/me/")
    assert QueuedTask.objects.filter(name="notifications.deliver_due").exists()
    tasks_run_worker(once=True)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    zns = OutboxMessage.objects.get(channel="zns")
    [sent] = fake_zns.call("/_fake/messages")
    assert sent["tracking_id"] == zns.key.hex and zns.provider_id == sent["msg_id"]
    assert sent["phone"] == user.phone.lstrip("+") and sent["template_id"] == "100001"
    assert sent["template_data"] == {"name": "Lê Thị Mai", "link": "/me/"}
    sms = DevSmsMessage.objects.get(to=user.phone)
    assert sms.text == "Chao Le Thi Mai [vi] /me/"  # no diacritics: 160 characters a message


def test_given_consent_withdrawn_before_delivery_then_cancelled_not_sent(fake_zns):
    user = citizen()
    notification_enqueue(recipient=user, event="test.hello", context=HELLO)
    consent_withdraw(user=user, purpose_code="notify-by-zalo-sms")
    assert outbox_deliver_due() == 0
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"cancelled"}
    assert fake_zns.call("/_fake/messages") == []


def test_given_an_email_address_then_an_email_with_a_stable_message_id(mailoutbox, settings):
    settings.PUBLIC_BASE_URL = "https://dichvucong.example.vn"
    user = citizen(consent=False, email="mai@example.vn")
    notification_enqueue(recipient=user, event="case.updated", context=CASE | {"language": "en"})
    assert outbox_deliver_due() == 1
    [mail] = mailoutbox
    message = OutboxMessage.objects.get(channel="email")
    assert mail.to == ["mai@example.vn"] and mail.extra_headers["Message-ID"] == message.provider_id
    assert mail.subject == "Request 000.17.22.H56-261128-0001: Đang xử lý"
    assert "https://dichvucong.example.vn/me/requests/abc/" in mail.body


def test_given_an_unsafe_link_then_refused():
    user = citizen()
    with pytest.raises(ValueError, match="link"):
        notification_enqueue(recipient=user, event="test.hello", context=HELLO, link="javascript:x")


def test_the_outbox_is_swept_every_30_seconds():
    every = {s.name: s.every for s in schedules()}
    assert every["notifications.deliver_due"] == timedelta(seconds=30)


def test_given_dates_and_lazy_text_in_the_context_then_they_are_kept_as_text(fake_zns):
    from datetime import date

    from django.utils.translation import gettext_lazy

    user = citizen()
    context = {"name": gettext_lazy("Notifications"), "due": date(2026, 12, 1)}
    notification_enqueue(recipient=user, event="test.hello", context=context)
    message = OutboxMessage.objects.get(channel="zns")
    assert message.context["due"] == "2026-12-01" and isinstance(message.context["name"], str)


def test_what_a_person_allows_is_read_in_one_statement_and_agrees_with_the_orm():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openprovince.accounts.models import ConsentPurpose
    from openprovince.accounts.services.privacy import consent_active, consent_give
    from openprovince.notifications.models import NotificationPreference
    from openprovince.notifications.outbox import CONSENT_PURPOSE, person_reach

    def orm(user):
        off = NotificationPreference.objects.filter(user=user, enabled=False)
        return set(off.values_list("channel", flat=True)), consent_active(
            user=user, purpose_code=CONSENT_PURPOSE
        )

    quiet, other, withdrawn = citizen(), citizen(consent=False), citizen()
    for channel in ("sms", "email"):
        notification_preference_set(user=quiet, channel=channel, enabled=False)
    notification_preference_set(user=quiet, channel="zns", enabled=True)  # a row saying "on"
    notification_preference_set(user=other, channel="zns", enabled=False)
    consent_give(user=other, purpose=ConsentPurpose.objects.get(code="share-phone-with-handler"))
    consent_withdraw(user=withdrawn, purpose_code=CONSENT_PURPOSE)
    expected = {
        quiet: ({"sms", "email"}, True),
        other: ({"zns"}, False),  # another purpose's consent does not count
        withdrawn: (set(), False),
    }
    for user, (disabled, consented) in expected.items():
        with CaptureQueriesContext(connection) as queries:
            reach = person_reach(user)
        assert len(queries) == 1
        assert (set(reach.disabled), reach.consented) == (disabled, consented) == orm(user)
