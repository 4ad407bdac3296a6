"""Settings come from the environment; production refuses to start unsafely."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, parse_cache_url, parse_database_url

ROOT = Path(__file__).resolve().parent.parent
# Variables that would change what is being checked if inherited from the test run.
SCRUBBED = {
    "SECRET_KEY",
    "DEBUG",
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "TEST_DATABASE_URL",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "VAR_DIR",
}
GOOD_KEY = "k" * 30 + "Q7-x_" * 6


def run_django(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run Python with a clean environment plus `env` (settings are read at import time)."""
    base = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_given_postgres_url_when_parsed_then_pool_and_credentials():
    db = parse_database_url("postgres://op:p%40ss@db.local:6543/province?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "province",
        "op",
        "p@ss",
        "db.local",
        "6543",
    )
    assert db["OPTIONS"]["sslmode"] == "require"
    assert db["OPTIONS"]["pool"]["max_size"] == 10
    assert db["CONN_MAX_AGE"] == 0  # the pool keeps connections, not Django


def test_given_postgres_url_when_parsed_then_statements_are_prepared_unless_told_not_to():
    options = parse_database_url("postgres://op@db/province")["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5
    url = "postgres://op@db/province?prepare_threshold=none&server_side_binding=false"
    options = parse_database_url(url)["OPTIONS"]
    assert options["server_side_binding"] is False
    assert options["prepare_threshold"] is None
    with pytest.raises(ImproperlyConfigured, match="prepare_threshold"):
        parse_database_url("postgres://op@db/province?prepare_threshold=often")
    with pytest.raises(ImproperlyConfigured, match="server_side_binding"):
        parse_database_url("postgres://op@db/province?server_side_binding=maybe")


def test_given_pool_max_zero_when_parsed_then_persistent_connections_instead():
    db = parse_database_url("postgresql://postgres@127.0.0.1/test?pool_max=0")
    assert "pool" not in db["OPTIONS"]
    assert db["CONN_MAX_AGE"] == 60


def test_given_sqlite_urls_when_parsed_then_wal_immediate_and_busy_timeout():
    relative = parse_database_url("sqlite:///var/x.sqlite3")
    absolute = parse_database_url("sqlite:////srv/op/x.sqlite3")
    assert relative["NAME"] == "var/x.sqlite3"
    assert absolute["NAME"] == "/srv/op/x.sqlite3"
    options = relative["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert "synchronous=NORMAL" in options["init_command"]
    assert "busy_timeout" in options["init_command"]


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host/", "sqlite://rel/path"])
def test_given_unsupported_database_urls_when_parsed_then_refused(url):
    with pytest.raises(ImproperlyConfigured):
        parse_database_url(url)


def test_given_cache_urls_when_parsed_then_backends():
    assert parse_cache_url("locmem://")["BACKEND"].endswith("LocMemCache")
    assert parse_cache_url("redis://127.0.0.1:6379/1")["LOCATION"] == "redis://127.0.0.1:6379/1"
    with pytest.raises(ImproperlyConfigured):
        parse_cache_url("memcached://x")


def test_given_typed_env_values_when_read_then_converted_or_refused(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a.example, b.example,,")
    assert env_bool("X_BOOL") is True
    assert env_int("X_INT", 0) == 42
    assert env_list("X_LIST", []) == ["a.example", "b.example"]
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_BOOL")


def test_given_the_default_settings_then_sqlite_in_var_with_wal(tmp_path):
    result = run_django(
        "import django, json; django.setup(); from django.conf import settings as s; "
        "from django.db import connection as c; c.ensure_connection(); "
        "cur = c.cursor(); cur.execute('PRAGMA journal_mode'); jm = cur.fetchone()[0]; "
        "cur.execute('PRAGMA synchronous'); sync = cur.fetchone()[0]; "
        "print(json.dumps([s.DATABASES['default']['NAME'], jm, sync, s.DEBUG, s.LANGUAGE_CODE]))",
        DJANGO_SETTINGS_MODULE="config.settings.base",
        VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    name, journal, synchronous, debug, language = __import__("json").loads(result.stdout)
    assert name == str(tmp_path / "db.sqlite3")
    assert (journal, synchronous, debug, language) == ("wal", 1, False, "vi")


def test_given_database_url_in_env_then_postgres_is_configured(tmp_path):
    result = run_django(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'])",
        DJANGO_SETTINGS_MODULE="config.settings.base",
        VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/province",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "province"], result.stderr


def test_given_production_without_a_secret_key_then_it_refuses_to_start(tmp_path):
    result = run_django(
        "import django; django.setup()",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_given_production_with_debug_on_then_it_refuses_to_start(tmp_path):
    result = run_django(
        "import django; django.setup()",
        SECRET_KEY=GOOD_KEY,
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_given_production_settings_when_check_deploy_then_zero_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **{k: v for k, v in os.environ.items() if k not in SCRUBBED},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": GOOD_KEY,
            "VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
