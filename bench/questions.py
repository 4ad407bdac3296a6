"""Online Q&A search, on SQLite and PostgreSQL: recall@3 of the held query set
(bench/data/questions_search_set.json: Vietnamese queries, half typed without diacritics,
some with typos or another word order, each with the answered question it should find) and
the search time with N answered questions. Goals: recall@3 ≥ 0.9, search p95 ≤ 50 ms with
100,000 questions.

.venv/bin/python -m bench.questions [N]     # N distractor questions (default 100,000)
"""

from __future__ import annotations

import sys
import tempfile
from typing import Any

from .table import Cell, mark, print_table
from .workers import base_env, pg_recreate, pg_url, worker_run

RECALL_GOAL, SEARCH_GOAL_MS = 0.9, 50.0


def _rows(label: str, r: dict[str, Any]) -> list[list[Cell]]:
    n, search = int(r["questions"]), r["search"]
    demo, full = r["recall_demo"], r["recall_full"]
    return [
        [label, "recall@3, demo questions only", demo["queries"], f"{demo['recall']:.2f}",
         None, None, "-", mark(None)],
        [label, "recall@3, with all questions", n, f"{full['recall']:.2f}", None, None,
         f"≥ {RECALL_GOAL:g}", mark(full["recall"] >= RECALL_GOAL)],
        [label, "search: questions_similar()", n, None, search["selector"]["p50"],
         search["selector"]["p95"], f"p95 ≤ {SEARCH_GOAL_MS:g} ms",
         mark(search["selector"]["p95"] <= SEARCH_GOAL_MS)],
        [label, "search: GET /questions/similar", n, None, search["page"]["p50"],
         search["page"]["p95"], f"p95 ≤ {SEARCH_GOAL_MS:g} ms",
         mark(search["page"]["p95"] <= SEARCH_GOAL_MS)],
    ]  # fmt: skip


def _notes(label: str, r: dict[str, Any]) -> None:
    full = r["recall_full"]
    print(
        f"\n[{label}] {r['questions']:,} answered questions, seeded in {r['seed_s']:.0f} s; "
        f"load average {r['load']:.1f}; {r['search']['runs']} searches timed"
    )
    print("  recall by kind of query (found / asked): " + ", ".join(
        f"{kind} {hit}/{asked}" for kind, (hit, asked) in full["by_kind"].items()
    ))  # fmt: skip
    for miss in full["misses"]:
        print(f"  missed: {miss['query']!r} → expected {miss['expected']}, got {miss['got']}")


def main(total: int = 100_000) -> None:
    base = base_env(PAGE_CACHE_SECONDS="0")  # the search itself, not the guest page cache
    print(f"\nQuestions: {total:,} answered questions per database (in-process)")
    results: list[tuple[str, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory() as sqlite_var, tempfile.TemporaryDirectory() as pg_var:
        runs = [("sqlite", {**base, "VAR_DIR": sqlite_var})]
        if pg_recreate("bench_questions"):
            runs.append(
                ("postgresql",
                 {**base, "VAR_DIR": pg_var, "DATABASE_URL": pg_url("bench_questions")})
            )  # fmt: skip
        for label, env in runs:
            print(f"[{label}] seeding and measuring…", flush=True)
            result = worker_run("bench.questions_worker", label, env, [str(total)], 3600)
            if result is not None:
                results.append((label, result))
    print_table(
        "Questions (in-process; goals: recall@3 ≥ 0.9, search p95 ≤ 50 ms)",
        ["database", "what", "questions", "recall", "p50 ms", "p95 ms", "goal", "met"],
        [row for label, result in results for row in _rows(label, result)],
    )
    for label, result in results:
        _notes(label, result)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
