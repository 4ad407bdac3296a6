"""A repeated submission with the same Idempotency-Key does the work once."""

import pytest

from openprovince.accounts.models import PhoneCode
from openprovince.cases.models import Case

pytestmark = pytest.mark.django_db


@pytest.mark.urls("tests.core.idempotency_urls")
def test_a_replayed_form_creates_one_case_and_returns_the_first_answer(
    client, workflow, demo_province
):
    data = {"title": "Ổ gà trước chợ", "idempotency_key": "k-1234567890"}
    first = client.post("/test/open-case", data)
    again = client.post("/test/open-case", data)
    assert first.status_code == again.status_code == 201
    assert again.content == first.content and again["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1
    other = client.post("/test/open-case", {"title": "Khác", "idempotency_key": "k-1234567890"})
    assert other.status_code == 422 and "đã được gửi với nội dung khác" in other.content.decode()
    assert Case.objects.count() == 1
    assert client.post("/test/open-case", {"title": "Không có khóa"}).status_code == 201
    assert Case.objects.count() == 2


def test_the_api_honours_the_header(client):
    headers = {"HTTP_IDEMPOTENCY_KEY": "api-key-000001"}
    body = {"phone": "0912345678"}
    for _ in range(3):
        response = client.post(
            "/api/v1/auth/phone/start", body, content_type="application/json", **headers
        )
        assert response.status_code == 202
    assert PhoneCode.objects.count() == 1  # one SMS, not three
    changed = client.post(
        "/api/v1/auth/phone/start",
        {"phone": "0987654321"},
        content_type="application/json",
        **headers,
    )
    assert changed.status_code == 422 and changed.json()["code"] == "idempotency.key_reused"


def test_keys_are_per_person(client, django_user_model, workflow):
    from django.test import Client

    other = Client()
    data = {"phone": "0912345678", "idempotency_key": "shared-key-01"}
    client.post("/signin/", data)
    other.force_login(django_user_model.objects.create_user("dan", password="x" * 12))
    response = other.post("/signin/", data)
    assert response.status_code == 302  # a signed-in person is redirected, not replayed
    assert "Idempotent-Replayed" not in response


def test_a_server_error_is_not_stored_so_a_retry_can_work(client, settings, workflow):
    from unittest import mock

    with mock.patch(
        "openprovince.accounts.services.signin_phone.sms_send", side_effect=RuntimeError("boom")
    ):
        client.raise_request_exception = False
        data = {"phone": "0912345678", "idempotency_key": "retry-key-01"}
        assert client.post("/signin/", data).status_code == 500
    assert client.post("/signin/", data).status_code == 302


@pytest.mark.django_db(transaction=True)  # outside a test transaction, as in a real request
def test_the_claim_alone_does_not_wait_for_the_disk_on_postgresql(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openprovince.core.idempotency_models import IdempotencyRecord

    def setting() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return str(cursor.fetchone()[0])

    before = setting() if connection.vendor == "postgresql" else ""
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            "/api/v1/auth/phone/start",
            {"phone": "0912345678"},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="flush-key-0001",
        )
    assert response.status_code == 202
    statements = [q["sql"] for q in captured.captured_queries]
    claim = next(
        n for n, sql in enumerate(statements) if sql.startswith('INSERT INTO "core_idempotency')
    )
    if connection.vendor == "postgresql":
        # In the claim's own transaction only: the request's writes still wait for the disk.
        assert statements[claim - 1] == "SET LOCAL synchronous_commit TO OFF"
        assert sum("synchronous_commit" in sql for sql in statements) == 1
        assert setting() == before
    else:
        assert not any("synchronous_commit" in sql for sql in statements)
    assert IdempotencyRecord.objects.get(key="flush-key-0001").status == "done"
