"""Citizens sign in with a code sent by SMS: no registration form, one account per number."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openprovince.accounts.models import PhoneCode, User
from openprovince.core.models import AuditEvent
from tests.accounts.helpers import last_code

pytestmark = pytest.mark.django_db
PHONE = "+84912345678"


def _start(client, phone="0912 345 678", next_url="/me/", **extra):
    return client.post("/signin/", {"phone": phone, "next": next_url}, **extra)


def test_given_a_guest_when_signing_in_by_phone_then_account_created_and_back_where_they_were(
    client,
):
    response = _start(client, next_url="/me/businesses/new/")
    assert response.status_code == 302 and response["Location"] == "/signin/code/"
    page = client.get("/signin/code/").content.decode()
    assert "0912 *** 678" in page
    response = client.post("/signin/code/", {"code": last_code(PHONE)})
    assert response.status_code == 302 and response["Location"] == "/me/businesses/new/"
    user = User.objects.get(phone=PHONE)
    assert user.phone_verified_at is not None and not user.has_usable_password()
    assert AuditEvent.objects.filter(action="signin.phone", success=True, actor=user).exists()
    assert client.get("/me/").status_code == 200


def test_given_the_same_number_written_differently_when_signing_in_again_then_same_account(client):
    _start(client, phone="0912345678")
    client.post("/signin/code/", {"code": last_code(PHONE)})
    first = User.objects.get(phone=PHONE)
    client.post("/signout/")
    _start(client, phone="+84 912 345 678")
    client.post("/signin/code/", {"code": last_code(PHONE)})
    assert User.objects.filter(phone=PHONE).count() == 1
    assert client.get("/me/").context["user"].pk == first.pk


def test_given_a_protected_page_when_a_guest_opens_it_then_asked_to_sign_in_with_next(client):
    response = client.get("/me/businesses/new/")
    assert response.status_code == 302
    assert response["Location"] == "/signin/?next=/me/businesses/new/"


def test_given_a_malformed_number_then_a_clear_vietnamese_message_and_no_sms(client):
    response = _start(client, phone="12345")
    assert response.status_code == 400
    assert "Đây không phải số điện thoại di động" in response.content.decode()
    assert not PhoneCode.objects.exists()


def test_given_a_wrong_code_then_tries_counted_and_locked_after_five(client):
    _start(client)
    right = last_code(PHONE)
    wrong = "000000" if right != "000000" else "111111"
    for left in (4, 3, 2, 1, 0):
        page = client.post("/signin/code/", {"code": wrong}).content.decode()
        assert f"còn {left} lần thử" in page
    response = client.post("/signin/code/", {"code": right})  # even the right code: locked
    assert response.status_code == 400
    assert "Bạn đã nhập sai quá nhiều lần" in response.content.decode()
    assert not User.objects.filter(phone=PHONE).exists()
    assert AuditEvent.objects.filter(action="signin.phone", success=False).count() == 6


def test_given_an_expired_code_then_refused(client):
    _start(client)
    code = last_code(PHONE)
    PhoneCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post("/signin/code/", {"code": code})
    assert response.status_code == 400 and "Mã này đã hết hạn" in response.content.decode()


def test_given_a_used_code_then_it_cannot_sign_in_again(client):
    _start(client)
    code = last_code(PHONE)
    client.post("/signin/code/", {"code": code})
    client.post("/signout/")
    _start(client)  # a new sign-in: the old code was consumed and is worth nothing now
    if last_code(PHONE) != code:
        assert client.post("/signin/code/", {"code": code}).status_code == 400


def test_given_many_code_requests_for_one_number_then_rate_limited(client):
    for _ in range(3):
        assert _start(client).status_code == 302
    response = _start(client)
    assert response.status_code == 429
    assert "Bạn đã yêu cầu quá nhiều mã" in response.content.decode()
    assert PhoneCode.objects.filter(phone=PHONE).count() == 3
    assert AuditEvent.objects.filter(action="signin.phone_code", success=False).count() == 1


def test_given_many_numbers_from_one_address_then_rate_limited(client):
    for n in range(10):
        assert _start(client, phone=f"091234{n:04d}").status_code == 302
    assert _start(client, phone="0987654321").status_code == 429
    # Another address is not affected.
    assert _start(client, phone="0987654321", REMOTE_ADDR="10.1.2.3").status_code == 302


def test_given_the_http_sms_backend_when_signing_in_then_the_gateway_gets_the_message(
    client, fake_sms_gateway
):
    assert _start(client).status_code == 302
    messages = fake_sms_gateway.call("/_fake/messages")
    assert [m["to"] for m in messages] == [PHONE]
    code = messages[0]["text"][:6]
    assert client.post("/signin/code/", {"code": code}).status_code == 302


def test_given_the_sms_gateway_fails_then_a_clear_message_and_the_code_does_not_count(
    client, fake_sms_gateway
):
    fake_sms_gateway.call("/_fake/fail", {"status": 500})
    response = _start(client)
    assert response.status_code == 503
    assert "Chưa gửi được tin nhắn" in response.content.decode()
    assert not PhoneCode.objects.exists()


def test_codes_are_stored_hashed(client):
    _start(client)
    row = PhoneCode.objects.get()
    assert last_code(PHONE) not in row.code_hash and len(row.code_hash) == 64


def test_the_dev_sms_page_shows_codes_only_with_debug(client, settings):
    _start(client)
    settings.DEBUG = False
    assert client.get("/dev/sms").status_code == 404
    settings.DEBUG = True
    page = client.get("/dev/sms").content.decode()
    assert last_code(PHONE) in page
