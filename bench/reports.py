"""Reports figures with many reports, on SQLite and PostgreSQL: the map's bounding-box query,
the public list's first page, the nearby-duplicate query, and submissions per second through
the real form view. Goals: box p95 ≤ 50 ms, list p95 ≤ 50 ms, nearby p95 ≤ 20 ms,
≥ 200 submissions/s on 2 cores.

Measured in-process (bench/reports_worker.py): the queries through the selectors, the list and
the submissions through the Django test client and the whole middleware stack. Submissions
run in one process, then in two at once (one per core), each with its own users and addresses.
Then, on the same database, submissions through the production server over HTTP (Granian with
two workers, driven by wrk: bench/reports_http.py).

.venv/bin/python -m bench.reports [N]     # N reports (default 1,000,000)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from typing import Any

from .reports_http import http_print, http_submissions
from .table import Cell, mark, print_table
from .workers import base_env, pg_recreate, pg_url, worker_run

BOX_GOAL_MS, LIST_GOAL_MS, NEARBY_GOAL_MS, SUBMIT_GOAL = 50.0, 50.0, 20.0, 200.0
# The bench sends far more than a person may in an hour: lift the throttles, not measure them.
LIMITS = {"REPORTS_MAX_PER_USER_HOUR": "1000000", "REPORTS_MAX_PER_IP_HOUR": "1000000"}
HTTP_SECONDS = 10


def _rows(label: str, r: dict[str, Any]) -> list[list[Cell]]:
    n = int(r["reports"])
    box, listing, nearby = r["box"], r["list"], r["nearby"]
    one, two = r["submit_1"], r["submit_2"]
    return [
        [label, "map box 0.05°: GET map.json", n, box["p50"], box["p95"], None,
         f"p95 ≤ {BOX_GOAL_MS:g} ms", mark(box["p95"] <= BOX_GOAL_MS)],
        [label, "public list, first page", n, listing["p50"], listing["p95"], None,
         f"p95 ≤ {LIST_GOAL_MS:g} ms", mark(listing["p95"] <= LIST_GOAL_MS)],
        [label, "nearby duplicates", n, nearby["p50"], nearby["p95"], None,
         f"p95 ≤ {NEARBY_GOAL_MS:g} ms", mark(nearby["p95"] <= NEARBY_GOAL_MS)],
        [label, "submissions, 1 process", n, None, None, one["per_s"], "-", mark(None)],
        [label, "submissions, 2 processes", n, None, None, two["per_s"],
         f"≥ {SUBMIT_GOAL:g}/s", mark(two["per_s"] >= SUBMIT_GOAL)],
    ] + ([
        [label, f"submissions, HTTP: Granian ×{http['workers']}, wrk", n, http["p50_ms"],
         http["p95_ms"], http["per_s"], f"≥ {SUBMIT_GOAL:g}/s", mark(http["per_s"] >= SUBMIT_GOAL)],
    ] if (http := r.get("http")) else [])  # fmt: skip


def _notes(label: str, r: dict[str, Any]) -> None:
    box, listing, nearby, cost = r["box"], r["list"], r["nearby"], r["submit_breakdown"]
    print(
        f"\n[{label}] {r['reports']:,} reports, seeded in {r['seed_s']:.0f} s; load average "
        f"{r['load']:.1f} when measuring (2 cores: above ~1 someone else was busy too)"
    )
    print(
        f"  map box: median {box['rows_median']:.0f} markers; the query alone, for ids only, "
        f"took {box['sql_only_ms']:.1f} ms"
    )
    print(f"  list: {listing['queries']} queries in {listing['request_ms']:.1f} ms; slowest:")
    for ms, sql in listing["slowest"]:
        print(f"    {ms:7.1f} ms  {sql[:140]}")
    print(f"  nearby: {nearby['with_matches']} of the sampled points had similar reports")
    for key in ("submit_1", "submit_2"):
        s = r[key]
        print(
            f"  submissions ({s['processes']} process(es)): {s['sent']} sent, "
            f"{s['drafts']} went to the draft page (similar report nearby), {s['errors']} errors; "
            f"{s['cpu_ms']:.1f} ms CPU per submission in the submitting process(es), so at "
            f"most {2000 / s['cpu_ms']:.0f}/s on two free cores before the database's own share"
        )
    scaling = r["cpu_scaling"]
    print(
        f"  this machine just before the 2-process run: a fixed Python loop took "
        f"{scaling['one_s']:.2f} s alone, {scaling['two_s']:.2f} s as two at once: two processes "
        f"got {scaling['scaling']:.2f}× one's work done (2.00 on two free cores)"
    )
    if http := r.get("http"):
        http_print(http)
    print(
        f"  one submission ({cost['photo_kb']:.0f} KB JPEG, 640×480): {cost['request_ms']:.1f} ms "
        f"in all, of which SQL {cost['sql_ms']:.1f} ms in {cost['queries']:.0f} queries; "
        f"processing the photo alone {cost['image_ms']:.1f} ms"
    )


def _plans(label: str, r: dict[str, Any]) -> None:
    print(f"\nQuery plans ({label})")
    for what, key in (("map box", "box"), ("list: slowest query", "list"), ("nearby", "nearby")):
        print(f"  {what}:")
        for line in str(r[key]["plan"]).splitlines():
            print(f"    {line}")


def main(total: int = 1_000_000) -> None:
    base = base_env(**LIMITS)
    print(f"\nReports: {total:,} reports per database (in-process; see bench/README.md)")
    results: list[tuple[str, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory() as sqlite_var, tempfile.TemporaryDirectory() as pg_var:
        runs = [("sqlite", {**base, "VAR_DIR": sqlite_var})]
        if pg_recreate("bench_reports"):
            runs.append(
                ("postgresql", {**base, "VAR_DIR": pg_var, "DATABASE_URL": pg_url("bench_reports")})
            )
        for label, env in runs:
            print(f"[{label}] seeding {total:,} reports and measuring…", flush=True)
            result = worker_run("bench.reports_worker", label, env, [str(total)], 4 * 3600)
            if result is not None:
                if shutil.which("wrk"):  # the same seeded database, through the real server
                    try:
                        result["http"] = http_submissions(env, HTTP_SECONDS)
                    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
                        print(f"[{label}] HTTP submissions failed: {exc}")
                else:
                    print(f"[{label}] wrk not installed: no HTTP submissions row")
                results.append((label, result))
    rows = [row for label, result in results for row in _rows(label, result)]
    print_table(
        "Reports (in-process; goals: box and list p95 ≤ 50 ms, nearby p95 ≤ 20 ms, "
        "≥ 200 submissions/s on 2 cores)",
        ["database", "what", "reports", "p50 ms", "p95 ms", "per second", "goal", "met"],
        rows,
    )
    for label, result in results:
        _notes(label, result)
    for label, result in results:
        _plans(label, result)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
