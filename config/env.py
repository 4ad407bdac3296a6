"""Read settings from the environment: typed getters and DATABASE_URL / CACHE_URL parsing.

Every variable the platform reads is documented in README.md ("Configuration"); a test checks
that the two lists agree, so add new variables to both.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return _boolean(name, raw)


def _boolean(name: str, raw: str) -> bool:
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def sqlite_database(path: Path) -> dict[str, Any]:
    """SQLite tuned for a web server: WAL, synchronous=NORMAL, IMMEDIATE writes, busy timeout.

    IMMEDIATE transactions take the write lock at BEGIN, so two writers queue on the busy
    timeout instead of failing with "database is locked" half-way through a transaction.
    """
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # Opening a connection and running the PRAGMAs costs ~0.3 ms; keep it per thread.
        "CONN_MAX_AGE": 600,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=20000;"
                "PRAGMA temp_store=MEMORY;"
                "PRAGMA mmap_size=134217728;"
                "PRAGMA cache_size=-20000"
            ),
        },
    }


def parse_database_url(url: str, *, pool_max: int = 10) -> dict[str, Any]:
    """Turn `postgres://user:pass@host:port/name?option=value` or `sqlite:///path` into a
    Django DATABASES entry. PostgreSQL gets psycopg 3's connection pool."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        path = unquote(parts.path)
        if parts.netloc:  # sqlite://relative/path is a common slip; be explicit.
            raise ImproperlyConfigured("Use sqlite:///relative/path or sqlite:////absolute/path")
        # sqlite:///var/db.sqlite3 is relative, sqlite:////srv/db.sqlite3 absolute.
        return sqlite_database(Path(path[1:]))
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(f"Unsupported DATABASE_URL scheme {scheme!r}")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL needs a database name")
    options: dict[str, Any] = {}
    for key, values in parse_qs(parts.query).items():
        options[key] = values[-1]
    # Values sent apart from the statement, and a statement run five times on a connection
    # prepared there: PostgreSQL then skips parsing and planning it (a report submission's
    # database CPU 3.3 → 2.2 ms at a million reports). Behind PgBouncer in transaction mode
    # a prepared statement may meet another connection: `?prepare_threshold=none` there.
    options["server_side_binding"] = _boolean(
        "DATABASE_URL server_side_binding", options.get("server_side_binding", "true")
    )
    options["prepare_threshold"] = _threshold(options.get("prepare_threshold", "5"))
    pool_size = int(options.pop("pool_max", pool_max))
    pool_enabled = pool_size > 0
    if pool_enabled:
        options["pool"] = {"min_size": 1, "max_size": pool_size, "timeout": 10}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        # A pool keeps connections itself; Django's persistent connections must be off.
        "CONN_MAX_AGE": 0 if pool_enabled else 60,
        "CONN_HEALTH_CHECKS": not pool_enabled,
        "OPTIONS": options,
    }


def _threshold(raw: str) -> int | None:
    if raw.lower() in {"", "none", "off"}:
        return None  # never prepare
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL: prepare_threshold must be a number or none, got {raw!r}"
        ) from exc


def parse_cache_url(url: str) -> dict[str, Any]:
    """`locmem://` (default), `redis://host:port/db`, `dummy://`."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in {"", "locmem"}:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"Unsupported CACHE_URL scheme {scheme!r}")
