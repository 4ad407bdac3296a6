"""Dossier figures with many dossiers, on SQLite and PostgreSQL: the status lookup by code +
phone (without signing in) and the procedure search, both through the Django test client.
Goals: lookup p95 ≤ 30 ms, search p95 ≤ 30 ms, with 200,000 dossiers.

.venv/bin/python -m bench.dossiers [N]     # N dossiers (default 200,000)
"""

from __future__ import annotations

import sys
import tempfile
from typing import Any

from .table import Cell, mark, print_table
from .workers import base_env, pg_recreate, pg_url, worker_run

GOAL_MS = 30.0
# The bench looks up far more than one person may in an hour: lift the limit, not measure it.
LIMITS = {"DOSSIER_LOOKUPS_PER_IP_HOUR": "1000000"}
# Guests' search pages are cached (ADR 3); the goal is about the search itself, so no cache.
NO_CACHE = {"PAGE_CACHE_SECONDS": "0"}


def _rows(label: str, r: dict[str, Any]) -> list[list[Cell]]:
    n = int(r["dossiers"])
    lookup, search = r["lookup"], r["search"]
    return [
        [label, "lookup by code + phone (POST)", n, lookup["p50"], lookup["p95"],
         f"p95 ≤ {GOAL_MS:g} ms", mark(lookup["p95"] <= GOAL_MS)],
        [label, f"procedure search ({r['procedures']} procedures)", n, search["p50"],
         search["p95"], f"p95 ≤ {GOAL_MS:g} ms", mark(search["p95"] <= GOAL_MS)],
    ]  # fmt: skip


def main(total: int = 200_000) -> None:
    base = base_env(**LIMITS, **NO_CACHE)
    print(f"\nDossiers: {total:,} dossiers per database (in-process; see bench/README.md)")
    results: list[tuple[str, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory() as sqlite_var, tempfile.TemporaryDirectory() as pg_var:
        runs = [("sqlite", {**base, "VAR_DIR": sqlite_var})]
        if pg_recreate("bench_dossiers"):
            runs.append(
                (
                    "postgresql",
                    {**base, "VAR_DIR": pg_var, "DATABASE_URL": pg_url("bench_dossiers")},
                )
            )
        for label, env in runs:
            print(f"[{label}] seeding {total:,} dossiers and measuring…", flush=True)
            result = worker_run("bench.dossiers_worker", label, env, [str(total)], 3600)
            if result is not None:
                results.append((label, result))
    print_table(
        "Dossiers (in-process; goals: lookup and search p95 ≤ 30 ms)",
        ["database", "what", "dossiers", "p50 ms", "p95 ms", "goal", "met"],
        [row for label, result in results for row in _rows(label, result)],
    )
    for label, r in results:
        print(
            f"[{label}] seeded in {r['seed_s']:.0f} s; lookups found {r['lookup']['found']} of "
            f"{r['lookup']['runs']} (all should match); searches with results "
            f"{r['search']['with_results']} of {r['search']['runs']}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
