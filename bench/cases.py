"""Case engine figures: inbox first page p50/p95 with many cases, transitions per second,
on SQLite and PostgreSQL. Goals: p95 ≤ 50 ms, ≥ 300 transitions/s (2-core machine).

Measured in-process (Django test client through the whole middleware stack and template;
transitions through the service with its row lock, event, deadlines and outbox writes).
"""

from __future__ import annotations

import tempfile

from .table import mark, print_table
from .workers import base_env, pg_recreate, pg_url, worker_run


def main(total: int = 100_000) -> None:
    base = base_env()
    rows = []
    with tempfile.TemporaryDirectory() as var:
        runs = [("sqlite", {**base, "VAR_DIR": var})]
        if pg_recreate("bench_cases"):
            runs.append(
                ("postgresql", {**base, "VAR_DIR": var, "DATABASE_URL": pg_url("bench_cases")})
            )
        for label, env in runs:
            result = worker_run("bench.cases_worker", label, env, [str(total)], timeout=3600)
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
            rate = float(result["transitions_per_s"])
            rows.append(
                [label, "case transitions", result["cases"], None, None, rate, mark(rate >= 300)]
            )
    print_table(
        "Case engine (in-process; goals: inbox p95 ≤ 50 ms, ≥ 300 transitions/s)",
        ["database", "what", "cases", "p50 ms", "p95 ms", "per second", "met"],
        rows,
    )
