"""Bearer tokens for app clients, refresh rotation with reuse detection, CORS allow-list."""

import pytest

from openprovince.accounts.models import ApiToken
from openprovince.core.models import AuditEvent
from tests.accounts.helpers import last_code

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _tokens(client):
    assert (
        client.post(
            "/api/v1/auth/phone/start", {"phone": "0912345678"}, content_type=JSON
        ).status_code
        == 202
    )
    response = client.post(
        "/api/v1/auth/phone/verify",
        {"phone": "+84912345678", "code": last_code("+84912345678")},
        content_type=JSON,
    )
    assert response.status_code == 200
    return response.json()


def _me(client, access):
    return client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {access}")


def test_phone_sign_in_by_api_gives_tokens_that_open_me(client):
    tokens = _tokens(client)
    me = _me(client, tokens["access_token"])
    assert me.status_code == 200 and me.json()["phone"] == "0912 345 678"
    assert tokens["expires_in"] == 15 * 60
    assert _me(client, "not-a-token").status_code == 401
    assert client.get("/api/v1/me").status_code == 401
    stored = list(ApiToken.objects.values_list("token_hash", flat=True))
    assert tokens["access_token"] not in stored and tokens["refresh_token"] not in stored


def test_refresh_rotates_and_a_reused_refresh_token_revokes_the_family(client):
    first = _tokens(client)
    second = client.post(
        "/api/v1/auth/refresh", {"refresh_token": first["refresh_token"]}, content_type=JSON
    ).json()
    assert second["access_token"] != first["access_token"]
    assert _me(client, second["access_token"]).status_code == 200
    replay = client.post(
        "/api/v1/auth/refresh", {"refresh_token": first["refresh_token"]}, content_type=JSON
    )
    assert replay.status_code == 401 and replay.json()["code"] == "accounts.token_invalid"
    assert _me(client, second["access_token"]).status_code == 401  # the family is revoked
    assert AuditEvent.objects.filter(action="token.reuse", success=False).exists()


def test_revoke_signs_the_app_out(client):
    tokens = _tokens(client)
    response = client.post(
        "/api/v1/auth/revoke",
        {},
        content_type=JSON,
        HTTP_AUTHORIZATION=f"Bearer {tokens['access_token']}",
    )
    assert response.status_code == 204
    assert _me(client, tokens["access_token"]).status_code == 401
    refresh = client.post(
        "/api/v1/auth/refresh", {"refresh_token": tokens["refresh_token"]}, content_type=JSON
    )
    assert refresh.status_code == 401


def test_api_errors_are_clear_json_never_500(client):
    bad_phone = client.post("/api/v1/auth/phone/start", {"phone": "abc"}, content_type=JSON)
    assert bad_phone.status_code == 400 and bad_phone.json()["code"] == "accounts.bad_phone"
    assert "phone" in bad_phone.json()["fields"]
    wrong = client.post(
        "/api/v1/auth/phone/verify", {"phone": "0912345678", "code": "1"}, content_type=JSON
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == "accounts.code_expired"
    junk = client.post("/api/v1/auth/refresh", "not json", content_type=JSON)
    assert junk.status_code == 400


@pytest.mark.parametrize(
    ("origin", "allowed"), [("https://h5.zdn.vn", True), ("https://evil.example", False)]
)
def test_cors_allows_only_the_listed_origins_on_the_api(client, settings, origin, allowed):
    settings.CORS_ALLOWED_ORIGINS = ["https://h5.zdn.vn"]
    response = client.options(
        "/api/v1/auth/phone/start",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,content-type",
    )
    assert (response.get("Access-Control-Allow-Origin") == origin) is allowed
    assert "Access-Control-Allow-Credentials" not in response
    page = client.get("/", HTTP_ORIGIN=origin)
    assert "Access-Control-Allow-Origin" not in page  # pages are never shared cross-origin
