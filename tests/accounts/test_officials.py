"""Officials: user name + password, then an authenticator code (enrolled on first sign-in)."""

import re
import time

import pytest
from django.test import override_settings

from openprovince.accounts.models import RecoveryCode, TotpDevice
from openprovince.accounts.totp import totp_at
from openprovince.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-rat-dai-2026"


@pytest.fixture
def official(django_user_model):
    return django_user_model.objects.create_user("canbo.phuong", password=PASSWORD, is_staff=True)


def _password(client, password=PASSWORD, username="canbo.phuong"):
    return client.post(
        "/office/login/", {"username": username, "password": password, "next": "/office/agencies/"}
    )


def _enrol(client):
    page = client.get("/office/2fa/setup/?next=/office/agencies/").content.decode()
    assert "<svg" in page  # the QR code
    secret = TotpDevice.objects.get().secret
    response = client.post(
        "/office/2fa/setup/", {"code": totp_at(secret, time.time()), "next": "/office/agencies/"}
    )
    assert response.status_code == 302 and response["Location"].startswith("/office/2fa/codes/")
    page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li>(\d{5}-\d{5})</li>", page)
    assert len(codes) == 10
    return secret, codes


def test_given_a_new_official_then_password_then_enrolment_then_back_to_the_page(client, official):
    response = _password(client)
    assert response.status_code == 302 and response["Location"].startswith("/office/login/2fa/")
    assert client.get("/office/").status_code == 302  # not in before the second factor
    assert client.get(response["Location"])["Location"].startswith("/office/2fa/setup/")
    _secret, codes = _enrol(client)
    assert client.get("/office/").status_code == 403  # past the second factor, but no role yet
    assert TotpDevice.objects.get().confirmed_at is not None
    assert RecoveryCode.objects.count() == 10
    assert all(
        c.replace("-", "") not in r.code_hash for c in codes for r in RecoveryCode.objects.all()
    )
    assert client.get("/office/2fa/codes/").status_code == 302  # shown once only


def test_given_an_enrolled_official_then_sign_in_needs_a_fresh_code(client, official):
    _password(client)
    secret, _codes = _enrol(client)
    client.post("/office/logout/")
    _password(client)
    page = client.post("/office/login/2fa/", {"code": "000000", "next": "/office/"})
    assert page.status_code == 400 and "Mã không đúng" in page.content.decode()
    # The code used at enrolment cannot be replayed; the next time step's code works.
    later = time.time() + 30
    response = client.post(
        "/office/login/2fa/", {"code": totp_at(secret, later), "next": "/office/"}
    )
    assert response.status_code == 302 and response["Location"] == "/office/"
    assert AuditEvent.objects.filter(action="signin.2fa", success=True).exists()


def test_given_a_recovery_code_then_it_works_once(client, official):
    _password(client)
    _secret, codes = _enrol(client)
    for expected in (302, 400):
        client.post("/office/logout/")
        _password(client)
        response = client.post("/office/login/2fa/", {"code": codes[0], "next": "/office/"})
        assert response.status_code == expected
    assert (
        AuditEvent.objects.filter(action="signin.2fa", details__method="recovery_code").count() == 1
    )


def test_given_five_wrong_codes_then_locked_and_signed_out(client, official):
    _password(client)
    secret, _codes = _enrol(client)
    client.post("/office/logout/")
    _password(client)
    for _ in range(4):
        assert client.post("/office/login/2fa/", {"code": "000000"}).status_code == 400
    response = client.post("/office/login/2fa/", {"code": "000000"})
    assert response.status_code == 302 and response["Location"] == "/office/login/"
    # Even the right password is refused now… for the second factor too.
    _password(client)
    response = client.post("/office/login/2fa/", {"code": totp_at(secret, time.time() + 60)})
    assert response.status_code == 302 and response["Location"] == "/office/login/"
    assert AuditEvent.objects.filter(action="signin.2fa", success=False).count() >= 6


def test_given_ten_wrong_passwords_then_locked(client, official):
    for _ in range(10):
        assert _password(client, password="sai").status_code == 400
    response = _password(client)
    assert response.status_code == 429
    assert "tạm khóa" in response.content.decode()
    assert AuditEvent.objects.filter(action="signin.password", success=False).count() == 11


def test_given_a_citizen_account_then_the_office_sign_in_refuses_it(client, django_user_model):
    django_user_model.objects.create_user("dan", password=PASSWORD)
    response = _password(client, username="dan")
    assert response.status_code == 400
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


@override_settings(OFFICIAL_IDLE_MINUTES=30)
def test_given_an_idle_official_then_signed_out(client, official):
    from tests.conftest import sign_in_official

    sign_in_official(client, official)
    session = client.session
    session["op_seen"] = time.time() - 31 * 60
    session["op_started"] = time.time() - 40 * 60
    session.save()
    response = client.get("/office/")
    assert response.status_code == 302 and response["Location"].startswith("/office/login/")


def test_given_the_admin_then_it_needs_the_second_factor_too(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/office/login/")


@override_settings(OFFICIAL_MAX_HOURS=10)
def test_given_an_official_signed_in_too_long_ago_then_signed_out_even_if_active(client, official):
    from tests.conftest import sign_in_official

    sign_in_official(client, official)
    session = client.session
    session["op_seen"] = time.time() - 60
    session["op_started"] = time.time() - 11 * 3600
    session.save()
    response = client.get("/office/")
    assert response.status_code == 302 and response["Location"].startswith("/office/login/")


def test_a_citizen_session_is_not_cut_short(client, django_user_model):
    citizen = django_user_model.objects.create_user("dan", password="x" * 12)
    client.force_login(citizen)
    session = client.session
    session["op_seen"] = time.time() - 3 * 24 * 3600
    session.save()
    assert client.get("/me/").status_code == 200
