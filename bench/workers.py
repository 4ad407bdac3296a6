"""What the in-process benches (cases, reports) share: a fresh PostgreSQL database each run,
and a worker module run in its own process that prints one JSON line at the end."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
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


def worker_json(module: str, env: dict[str, str], args: list[str], timeout: int) -> dict[str, Any]:
    """Run `python -m module args`; its last line of output is the JSON result. RuntimeError
    with the end of its error output when it fails."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args[:1])} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def worker_run(
    module: str, label: str, env: dict[str, str], args: list[str], timeout: int
) -> dict[str, Any] | None:
    """worker_json, or None (and the error printed) when the worker failed."""
    try:
        return worker_json(module, env, args, timeout)
    except RuntimeError as exc:
        print(f"[{label}] {exc}")
        return None


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50 and p95 of timings (milliseconds), as every bench table prints them."""
    ordered = sorted(samples)
    return {"p50": statistics.median(ordered), "p95": ordered[max(0, int(len(ordered) * 0.95) - 1)]}


# A fixed piece of pure-Python work (dict and string churn, like a request's).
_SPIN = "d = {}\nfor i in range(2_000_000):\n    d[i % 1000] = str(i) + 'x'"


def cpu_scaling() -> dict[str, float]:
    """How much work two processes get done at once against one alone: 2.0 on two free cores,
    well below on a machine whose two cores are shared (SMT siblings, a busy host). Every
    "2 processes" figure should be read against it."""

    def spin(processes: int) -> float:
        started = time.perf_counter()
        running = [subprocess.Popen([sys.executable, "-c", _SPIN]) for _ in range(processes)]
        for proc in running:
            proc.wait()
        return time.perf_counter() - started

    one = min(spin(1) for _ in range(3))
    two = min(spin(2) for _ in range(3))
    return {"one_s": one, "two_s": two, "scaling": 2 * one / two}
