import pytest

from tests.test_settings import run_django

CLIENT = (
    "import django, json; django.setup(); from django.test import Client; "
    "r = Client().get('/readyz'); print(r.status_code, r.content.decode())"
)


@pytest.mark.django_db
def test_given_a_running_app_when_probed_then_live_and_ready(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready"}
    assert "no-cache" in ready["Cache-Control"] or "max-age=0" in ready["Cache-Control"]


def test_given_an_unreachable_database_when_probed_then_503_with_reason(tmp_path):
    result = run_django(
        CLIENT,
        DJANGO_SETTINGS_MODULE="config.settings.base",
        VAR_DIR=str(tmp_path),
        ALLOWED_HOSTS="testserver",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/none?pool_max=0&connect_timeout=2",
    )
    assert result.stdout.startswith("503 "), result.stderr[-2000:]
    assert '"reason": "database_unreachable"' in result.stdout


def test_given_unapplied_migrations_when_probed_then_503_with_reason(tmp_path):
    result = run_django(
        CLIENT,
        DJANGO_SETTINGS_MODULE="config.settings.base",
        VAR_DIR=str(tmp_path),
        ALLOWED_HOSTS="testserver",
    )
    assert result.stdout.startswith("503 "), result.stderr[-2000:]
    assert '"reason": "migrations_pending"' in result.stdout


def test_given_no_database_when_liveness_probed_then_still_alive(tmp_path):
    code = (
        "import django; django.setup(); from django.test import Client; "
        "print(Client().get('/healthz').status_code)"
    )
    result = run_django(
        code,
        DJANGO_SETTINGS_MODULE="config.settings.base",
        VAR_DIR=str(tmp_path),
        ALLOWED_HOSTS="testserver",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/none?pool_max=0&connect_timeout=2",
    )
    assert result.stdout.strip() == "200", result.stderr[-2000:]
