"""What the in-process benches (cases, reports) share: a fresh PostgreSQL database each run,
and a worker module run in its own process that prints one JSON line at the end."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from typing import Any

from .server import ROOT

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def pg_url(database: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{database}"


def pg_recreate(database: str) -> bool:
    """Drop and create `database`; False (and a note) when PostgreSQL is not there."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {database}")
    except Exception as exc:
        print(f"PostgreSQL unavailable ({exc}); its rows are skipped.")
        return False
    return True


def base_env(**extra: str) -> dict[str, str]:
    """The environment of a worker: this one without a database, base settings, quiet logs."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "PAGE_CACHE_SECONDS": "60",
            "LOG_LEVEL": "WARNING",
            "ALLOWED_HOSTS": "testserver",
        }
    )
    env.update(extra)  # a bench's own settings win
    return env


def worker_run(
    module: str, label: str, env: dict[str, str], args: list[str], timeout: int
) -> dict[str, Any] | None:
    """Run `python -m module args`; its last line of output is the JSON result."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        print(f"[{label}] failed:\n{done.stderr[-3000:]}")
        return None
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50 and p95 of timings (milliseconds), as every bench table prints them."""
    ordered = sorted(samples)
    return {"p50": statistics.median(ordered), "p95": ordered[max(0, int(len(ordered) * 0.95) - 1)]}
