"""Case engine figures: inbox first page p50/p95 with many cases, transitions per second,
on SQLite and PostgreSQL. Goals: p95 ≤ 50 ms, ≥ 300 transitions/s (2-core machine).

Measured in-process (Django test client through the whole middleware stack and template;
transitions through the service with its row lock, event, deadlines and outbox writes).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from .server import ROOT
from .table import mark, print_table

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/bench_cases"


def _pg_recreate() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_cases")
            conn.execute("CREATE DATABASE bench_cases")
    except Exception as exc:
        print(f"PostgreSQL unavailable ({exc}); its rows are skipped.")
        return False
    return True


def _run(label: str, env: dict[str, str], total: int) -> dict[str, object] | None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.cases_worker", str(total)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode != 0:
        print(f"[{label}] failed:\n{done.stderr[-3000:]}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(total: int = 100_000) -> None:
    base = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    base.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        PAGE_CACHE_SECONDS="60",
        LOG_LEVEL="WARNING",
        ALLOWED_HOSTS="testserver",
    )
    rows = []
    with tempfile.TemporaryDirectory() as var:
        runs = [("sqlite", {**base, "VAR_DIR": var})]
        if _pg_recreate():
            runs.append(("postgresql", {**base, "VAR_DIR": var, "DATABASE_URL": PG_BENCH}))
        for label, env in runs:
            result = _run(label, env, total)
            if result is None:
                continue
            for who in ("province", "ward"):
                timing = result[f"inbox_{who}"]
                assert isinstance(timing, dict)
                rows.append(
                    [
                        label,
                        f"inbox first page ({who} official)",
                        result["cases"],
                        timing["p50"],
                        timing["p95"],
                        None,
                        mark(timing["p95"] <= 50),
                    ]
                )
            rate = float(result["transitions_per_s"])  # type: ignore[arg-type]
            rows.append(
                [label, "case transitions", result["cases"], None, None, rate, mark(rate >= 300)]
            )
    print_table(
        "Case engine (in-process; goals: inbox p95 ≤ 50 ms, ≥ 300 transitions/s)",
        ["database", "what", "cases", "p50 ms", "p95 ms", "per second", "met"],
        rows,
    )
