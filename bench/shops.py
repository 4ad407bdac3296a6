""" "Cửa hàng 4.0" shop directory, on SQLite and PostgreSQL: search, "near me" and the "open
now" + category filter with N certified shops. Goal: p95 ≤ 30 ms with 100,000 shops.

.venv/bin/python -m bench.shops [N]     # N certified shops (default 100,000)
"""

from __future__ import annotations

import sys
import tempfile
from typing import Any

from .table import Cell, mark, print_table
from .workers import base_env, pg_recreate, pg_url, worker_run

GOAL_MS = 30.0
ROWS = [
    ("search", "directory search: shops_directory(q)"),
    ("search_page", "directory search: GET /shops/?q="),
    ("near", "near me: shops_near()"),
    ("near_page", "near me: GET /shops/?lat=&lng="),
    ("open", "open now + category: shops_directory()"),
]


def _rows(label: str, r: dict[str, Any]) -> list[list[Cell]]:
    return [
        [label, what, int(r["shops"]), r[key]["p50"], r[key]["p95"], f"p95 ≤ {GOAL_MS:g} ms",
         mark(r[key]["p95"] <= GOAL_MS)]
        for key, what in ROWS
    ]  # fmt: skip


def _notes(label: str, r: dict[str, Any]) -> None:
    found = r["found"]
    print(
        f"\n[{label}] {r['shops']:,} certified shops, seeded in {r['seed_s']:.0f} s; "
        f"load average {r['load']:.1f}; {r['runs']} calls timed per row; on average "
        f"{found['search']:.1f} shops found per search, {found['near']:.1f} near a point"
    )
    print("  near me, the first box's plan:\n    " + r["plan_near"].replace("\n", "\n    "))
    print("  open now + category, the plan:\n    " + r["plan_open"].replace("\n", "\n    "))


def main(total: int = 100_000) -> None:
    base = base_env(PAGE_CACHE_SECONDS="0")  # the directory itself, not the guest page cache
    print(f"\nShops: {total:,} certified shops per database (in-process)")
    results: list[tuple[str, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory() as sqlite_var, tempfile.TemporaryDirectory() as pg_var:
        runs = [("sqlite", {**base, "VAR_DIR": sqlite_var})]
        if pg_recreate("bench_shops"):
            runs.append(
                ("postgresql", {**base, "VAR_DIR": pg_var, "DATABASE_URL": pg_url("bench_shops")})
            )
        for label, env in runs:
            print(f"[{label}] seeding and measuring…", flush=True)
            result = worker_run("bench.shops_worker", label, env, [str(total)], 3600)
            if result is not None:
                results.append((label, result))
    print_table(
        "Shops (in-process; goal: p95 ≤ 30 ms)",
        ["database", "what", "shops", "p50 ms", "p95 ms", "goal", "met"],
        [row for label, result in results for row in _rows(label, result)],
    )
    for label, result in results:
        _notes(label, result)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
