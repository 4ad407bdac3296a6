"""Every dossier event as a signed JSON webhook (an outbox row in the event's transaction),
sent to a fake receiver that checks the signature, retried when it fails."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from openprovince.cases.services.transitions import case_transition
from openprovince.dossiers.models import WebhookDelivery, WebhookEndpoint
from openprovince.dossiers.webhooks.delivery import MAX_ATTEMPTS, WebhookFailed, webhook_deliver
from openprovince.dossiers.webhooks.signing import webhook_signature, webhook_signature_valid

pytestmark = pytest.mark.django_db
SECRET = "whsec-test-0123456789"


@pytest.fixture(scope="module")
def _receiver() -> Iterator[Any]:
    from tests.fakes.process import FakeProcess

    fake = FakeProcess("tests.fakes.webhook_receiver", SECRET)
    yield fake
    fake.stop()


@pytest.fixture
def receiver(_receiver: Any, settings: Any) -> Any:
    _receiver.call("/_fake/reset", {})
    settings.TASKS_BACKEND = "embedded"  # deliveries wait in the queue; the test sends them
    WebhookEndpoint.objects.create(name="Cổng DVC", url=_receiver.url + "/hook", secret=SECRET)
    return _receiver


def _send_all() -> None:
    for delivery in WebhookDelivery.objects.filter(status="pending").order_by("id"):
        webhook_deliver(delivery_id=delivery.pk)


def test_each_event_is_signed_and_carries_no_personal_data(receiver, send, handler):
    dossier = send()
    case_transition(case_id=dossier.case_id, action="receive", actor=handler)
    _send_all()
    got = receiver.call("/_fake/received")
    assert [r["event"] for r in got] == ["dossier.submitted", "dossier.receive"]
    assert all(r["valid"] for r in got)
    body = got[1]["body"]
    assert body["dossier"]["code"] == dossier.case.code and body["dossier"]["state"] == "received"
    assert body["dossier"]["procedure_code"] == "1.001193"
    text = str(got)
    assert "Nguyễn Văn An" not in text and "912345678" not in text and "072195" not in text
    assert WebhookDelivery.objects.filter(status="delivered").count() == 2


def test_a_failed_delivery_is_retried_until_it_is_accepted(receiver, send):
    receiver.call("/_fake/fail", {"times": 2, "status": 503})
    send()
    delivery = WebhookDelivery.objects.get()
    for _ in range(2):
        with pytest.raises(WebhookFailed):  # the task system retries with backoff
            webhook_deliver(delivery_id=delivery.pk)
    webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 3
    webhook_deliver(delivery_id=delivery.pk)  # a second run of the task does nothing
    assert len(receiver.call("/_fake/received")) == 3


def test_after_the_last_attempt_a_delivery_is_kept_as_failed(receiver, send):
    receiver.call("/_fake/fail", {"times": 100, "status": 500})
    send()
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=MAX_ATTEMPTS - 1)
    webhook_deliver(delivery_id=delivery.pk)  # the last one: no exception, no more retries
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.last_error == "HTTP 500"


def test_an_endpoint_gets_only_the_events_it_asked_for(receiver, send, handler):
    WebhookEndpoint.objects.update(events=["dossier.receive"])
    dossier = send()
    case_transition(case_id=dossier.case_id, action="receive", actor=handler)
    assert list(WebhookDelivery.objects.values_list("event", flat=True)) == ["dossier.receive"]


def test_an_event_that_rolls_back_sends_nothing(receiver, send, handler):
    from openprovince.core.errors import AppError

    dossier = send()
    WebhookDelivery.objects.all().delete()
    with pytest.raises(AppError):  # refusing needs a reason: the transition rolls back
        case_transition(case_id=dossier.case_id, action="refuse", actor=handler)
    assert not WebhookDelivery.objects.exists()


def test_the_signature_fails_on_a_changed_body_a_wrong_secret_or_an_old_timestamp():
    body = b'{"event":"dossier.receive"}'
    header = webhook_signature(secret=SECRET, body=body, timestamp=1_800_000_000)
    assert webhook_signature_valid(secret=SECRET, body=body, header=header, now=1_800_000_010)
    assert not webhook_signature_valid(
        secret=SECRET, body=body + b" ", header=header, now=1_800_000_010
    )
    assert not webhook_signature_valid(secret="x", body=body, header=header, now=1_800_000_010)
    assert not webhook_signature_valid(secret=SECRET, body=body, header=header, now=1_800_009_999)
    assert not webhook_signature_valid(secret=SECRET, body=body, header="garbage")


class _Recording:
    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.fail = 0

    def handle(self, event: dict[str, Any]) -> None:
        if self.fail:
            self.fail -= 1
            raise RuntimeError("the portal is down")
        self.events.append(event)


@pytest.fixture
def portal(settings: Any) -> Iterator[_Recording]:
    """The reference receiver (webhooks/receiver.py) with a recording adapter, served by
    wsgiref in a thread, as a province would run it."""
    import threading
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from openprovince.dossiers.webhooks.receiver import webhook_receiver_app

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args: Any) -> None:
            return

    adapter = _Recording()
    server = make_server(
        "127.0.0.1", 0, webhook_receiver_app(secret=SECRET, adapter=adapter), handler_class=Quiet
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.TASKS_BACKEND = "embedded"
    WebhookEndpoint.objects.create(
        name="Cổng DVC quốc gia (adapter)",
        url=f"http://127.0.0.1:{server.server_port}/",
        secret=SECRET,
    )
    yield adapter
    server.shutdown()
    server.server_close()


def test_the_reference_receiver_hands_each_event_once_to_the_adapter(portal, send, handler):
    dossier = send()
    portal.fail = 1  # the portal is down for the first try
    delivery = WebhookDelivery.objects.get()
    with pytest.raises(WebhookFailed):
        webhook_deliver(delivery_id=delivery.pk)
    webhook_deliver(delivery_id=delivery.pk)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="pending")
    webhook_deliver(delivery_id=delivery.pk)  # delivered twice: the receiver drops the repeat
    case_transition(case_id=dossier.case_id, action="receive", actor=handler)
    _send_all()
    assert [e["event"] for e in portal.events] == ["dossier.submitted", "dossier.receive"]
    assert portal.events[1]["dossier"]["code"] == dossier.case.code


def test_the_reference_receiver_refuses_a_bad_signature(portal):
    import urllib.error
    import urllib.request

    url = WebhookEndpoint.objects.get().url
    request = urllib.request.Request(
        url, data=b'{"event":"x"}', method="POST",
        headers={"X-OpenProvince-Signature": "t=1,v1=00"},
    )  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 401 and portal.events == []
