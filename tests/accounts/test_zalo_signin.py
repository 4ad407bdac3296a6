"""Sign-in with Zalo against a fake Zalo Graph API that follows Zalo's contract."""

import hashlib
import hmac

import pytest

from openprovince.accounts.models import User
from openprovince.core.models import AuditEvent
from tests.accounts.helpers import last_code

pytestmark = pytest.mark.django_db
URL = "/api/v1/auth/zalo"


def _user(fake, token="zalo-token-1", zalo_id="8123456789012345678", name="Nguyễn Thị Lan", **kw):
    fake.call("/_fake/users", {"access_token": token, "id": zalo_id, "name": name, **kw})
    return token


def test_given_a_valid_zalo_token_then_an_account_and_api_tokens(client, fake_zalo, settings):
    token = _user(fake_zalo)
    response = client.post(URL, {"access_token": token}, content_type="application/json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["token_type"] == "Bearer" and data["access_token"] and data["refresh_token"]
    user = User.objects.get(zalo_id="8123456789012345678")
    assert user.display_name == "Nguyễn Thị Lan" and user.phone is None
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {data['access_token']}").json()
    assert me["name"] == "Nguyễn Thị Lan" and me["zalo_linked"] is True
    # The server sent the proof Zalo's SDKs compute, and never the secret, to /me.
    call = fake_zalo.call("/_fake/calls")[0]
    call["headers"] = {k.lower(): v for k, v in call["headers"].items()}  # names are case-blind
    expected = hmac.new(
        settings.ZALO_APP_SECRET.encode(), token.encode(), hashlib.sha256
    ).hexdigest()
    assert call["headers"]["appsecret_proof"] == expected
    assert settings.ZALO_APP_SECRET not in str(call["headers"])
    assert AuditEvent.objects.filter(action="signin.zalo", success=True, actor=user).exists()


def test_given_a_shared_phone_then_later_a_phone_code_reaches_the_same_account(client, fake_zalo):
    token = _user(fake_zalo)
    fake_zalo.call("/_fake/phone-tokens", {"code": "phone-tok-1", "number": "84912345678"})
    response = client.post(
        URL, {"access_token": token, "phone_token": "phone-tok-1"}, content_type="application/json"
    )
    assert response.status_code == 200
    zalo_user = User.objects.get(zalo_id="8123456789012345678")
    assert zalo_user.phone == "+84912345678"
    client.post("/signin/", {"phone": "0912345678"})
    client.post("/signin/code/", {"code": last_code("+84912345678")})
    assert client.get("/me/").context["user"].pk == zalo_user.pk
    assert User.objects.count() == 1


def test_given_a_phone_account_first_then_zalo_with_that_phone_links_to_it(client, fake_zalo):
    client.post("/signin/", {"phone": "0912345678"})
    client.post("/signin/code/", {"code": last_code("+84912345678")})
    phone_user = User.objects.get(phone="+84912345678")
    token = _user(fake_zalo)
    fake_zalo.call("/_fake/phone-tokens", {"code": "phone-tok-2", "number": "84912345678"})
    client.post(
        URL, {"access_token": token, "phone_token": "phone-tok-2"}, content_type="application/json"
    )
    phone_user.refresh_from_db()
    assert phone_user.zalo_id == "8123456789012345678" and User.objects.count() == 1


def test_given_an_expired_zalo_token_then_401_and_no_account(client, fake_zalo):
    token = _user(fake_zalo, expires_in=-1)
    response = client.post(URL, {"access_token": token}, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "accounts.zalo_token_invalid"
    assert "hết hạn" in response.json()["message"]
    assert not User.objects.exists()
    assert AuditEvent.objects.filter(action="signin.zalo", success=False).exists()


def test_given_a_wrong_app_secret_proof_then_refused_and_no_account(client, fake_zalo, settings):
    token = _user(fake_zalo)
    settings.ZALO_APP_SECRET = "not-the-secret-zalo-knows"
    response = client.post(URL, {"access_token": token}, content_type="application/json")
    assert response.status_code == 502
    assert response.json()["code"] == "accounts.zalo_refused"
    assert not User.objects.exists()
    assert AuditEvent.objects.get(action="signin.zalo").details == {
        "reason": "accounts.zalo_refused"
    }


@pytest.mark.parametrize("phone_token_state", ["reused", "expired", "unknown"])
def test_given_a_bad_phone_token_then_a_clear_message_and_no_account(
    client, fake_zalo, phone_token_state
):
    token = _user(fake_zalo)
    if phone_token_state != "unknown":
        fake_zalo.call(
            "/_fake/phone-tokens",
            {
                "code": "ptok",
                "number": "84912345678",
                "expires_in": -1 if phone_token_state == "expired" else 120,
            },
        )
    if phone_token_state == "reused":
        first = client.post(
            URL, {"access_token": token, "phone_token": "ptok"}, content_type="application/json"
        )
        assert first.status_code == 200
        User.objects.all().delete()
    response = client.post(
        URL, {"access_token": token, "phone_token": "ptok"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "accounts.zalo_phone_token_invalid"
    assert not User.objects.exists()
    assert AuditEvent.objects.filter(action="signin.zalo", success=False).exists()


def test_given_zalo_is_down_then_503_a_clear_message_and_no_account(client, fake_zalo):
    token = _user(fake_zalo)
    fake_zalo.call("/_fake/down", {"down": True})
    response = client.post(URL, {"access_token": token}, content_type="application/json")
    assert response.status_code == 503
    assert "Hiện không kết nối được Zalo" in response.json()["message"]
    assert not User.objects.exists()
    assert AuditEvent.objects.get(action="signin.zalo").success is False


def test_given_zalo_unreachable_then_503(client, settings):
    settings.ZALO_GRAPH_URL = "http://127.0.0.1:9"  # nothing listens there
    response = client.post(URL, {"access_token": "x"}, content_type="application/json")
    assert response.status_code == 503 and not User.objects.exists()


def test_given_a_missing_token_field_then_400_not_500(client):
    response = client.post(URL, {}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_input"
