"""The ZNS channel against the fake server: request shape, and which errors are retried."""

import pytest

from openprovince.notifications.channels import PermanentError, RetryableError, zns
from openprovince.notifications.models import OutboxMessage
from openprovince.notifications.outbox import notification_enqueue
from tests.notifications.helpers import CASE, citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def message(fake_zns):
    notification_enqueue(recipient=citizen(), event="case.updated", context=CASE, channels=["zns"])
    return OutboxMessage.objects.select_related("recipient").get()


def test_given_a_params_mapping_then_template_data_uses_the_zns_names(message, fake_zns, settings):
    settings.ZNS_TEMPLATES = {
        "case.updated": {"template_id": 7, "params": {"ma_ho_so": "case_code", "x": "missing"}}
    }
    msg_id = zns.send(message)
    [sent] = fake_zns.call("/_fake/messages")
    assert sent["msg_id"] == msg_id and sent["template_id"] == "7"
    assert sent["template_data"] == {"ma_ho_so": CASE["case_code"], "x": ""}


@pytest.mark.parametrize(
    ("fail", "error"),
    [
        ({"error": -100}, RetryableError),  # unknown error: "try again later"
        ({"error": -124}, RetryableError),  # access token invalid: fixed by renewing it
        ({"error": -999}, RetryableError),  # codes we do not know are retried (bounded)
        ({"status": 500}, RetryableError),
        ({"status": 429}, RetryableError),
        ({"error": -108}, PermanentError),  # phone number invalid
        ({"error": -109}, PermanentError),  # template id invalid
        ({"error": -118}, PermanentError),  # no Zalo account for the number
        ({"status": 404}, PermanentError),
    ],
)
def test_errors_are_sorted_into_retryable_and_permanent(message, fake_zns, fail, error):
    fake_zns.call("/_fake/fail", {"times": 1, **fail})
    with pytest.raises(error):
        zns.send(message)


def test_given_a_wrong_token_or_no_server_then_retryable(message, fake_zns, settings):
    settings.ZNS_ACCESS_TOKEN = "expired"
    with pytest.raises(RetryableError, match=r"zns\.-124"):
        zns.send(message)
    settings.ZNS_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    with pytest.raises(RetryableError, match=r"zns\.unreachable"):
        zns.send(message)


def test_given_no_template_any_more_then_permanent(message, settings):
    settings.ZNS_TEMPLATES = {}
    with pytest.raises(PermanentError, match="no_template"):
        zns.send(message)
