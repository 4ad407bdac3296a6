"""Payments figures, on SQLite and PostgreSQL: VNPay IPN callbacks per second through the real
`/pay/callback/vnpay` (first deliveries and replays, one process and two at once, then a check
of the books), and the tuition bill lookup with many bills (the selector and the page).
Goals: ≥ 300 callbacks/s on 2 cores, lookup p95 ≤ 30 ms with 500,000 bills.

Measured in-process (bench/payments_worker.py): pending tuition orders each with a VNPay
attempt are made beforehand with the real services (`order_create`, `attempt_start`); each
IPN is what VNPay would send for that attempt's pay URL (its amount, reference and order info,
VNPay's own fields), signed with `providers/vnpay_signing.py`, and GET through the Django
test client and the whole middleware stack.

.venv/bin/python -m bench.payments [CALLBACKS] [BILLS]   # defaults 2,000 and 500,000
"""

from __future__ import annotations

import re
import sys
import tempfile
from typing import Any

from .table import Cell, mark, print_table
from .workers import base_env, pg_recreate, pg_url, worker_run

CALLBACK_GOAL, LOOKUP_GOAL_MS = 300.0, 30.0
ENV = {
    # VNPay offered, with a made-up terminal and secret the bench signs its IPNs with.
    "PAYMENTS_PROVIDERS": "vnpay",
    "VNPAY_TMN_CODE": "OPBENCH1",
    "VNPAY_HASH_SECRET": "bench-vnpay-hash-secret-0123456789",  # made up: not a secret
    # The bench looks up far more than a family may in an hour: lift the limit (its count
    # query still runs and is measured), do not measure the refusals.
    "TUITION_LOOKUPS_PER_IP_HOUR": "100000000",
    "PAGE_CACHE_SECONDS": "0",
}
LOOKUP_ROWS = [
    ("selector_right", "bills_lookup(), right pair"),
    ("selector_wrong", "bills_lookup(), wrong pair"),
    ("page_right", "POST /tuition/, right pair"),
    ("page_wrong", "POST /tuition/, wrong pair"),
    ("page_paid_online", "POST /tuition/, bills paid by IPN"),
]


def _rows(label: str, r: dict[str, Any]) -> list[list[Cell]]:
    c, n_bills = r["callbacks"], int(r["bills"])
    rows: list[list[Cell]] = []
    for key, what, goal in (
        ("first_1", "IPN callbacks, 1 process", False),
        ("first_2", "IPN callbacks, 2 processes", True),
        ("replay_1", "IPN replays (already), 1 process", False),
        ("replay_2", "IPN replays (already), 2 processes", False),
    ):
        s = c[key]
        rows.append(
            [label, what, s["sent"], s["p50"], s["p95"], s["per_s"],
             f"≥ {CALLBACK_GOAL:g}/s" if goal else "-",
             mark(s["per_s"] >= CALLBACK_GOAL) if goal else mark(None)]
        )  # fmt: skip
    books = c["books"]
    rows.append(
        [label, "books after all IPNs (see notes)", books["attempts"], None, None, None,
         "all right", mark(books["ok"])]
    )  # fmt: skip
    for key, what in LOOKUP_ROWS:
        s = r["lookups"].get(key)
        if s is None:
            continue
        rows.append(
            [label, what, n_bills, s["p50"], s["p95"], None, f"p95 ≤ {LOOKUP_GOAL_MS:g} ms",
             mark(s["p95"] <= LOOKUP_GOAL_MS)]
        )  # fmt: skip
    return rows


def _short(sql: str) -> str:
    """A statement on one line: the column lists of SELECT and INSERT left out."""
    sql = re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", sql)
    sql = re.sub(r"^INSERT INTO (\S+) \(.*?\) VALUES .*", r"INSERT INTO \1 …", sql)
    return sql[:140]


def _listing(title: str, queries: list[list[Any]]) -> None:
    total = sum(ms for ms, _sql in queries)
    print(f"  {title}: {len(queries)} statements, {total:.2f} ms in the database calls")
    for ms, sql in queries:
        print(f"    {ms:6.2f} ms  {_short(sql)}")


def _notes(label: str, r: dict[str, Any]) -> None:
    c, b = r["callbacks"], r["lookup_breakdown"]
    print(
        f"\n[{label}] {r['bills']:,} bills ({r['students']:,} students, {r['schools']} schools) "
        f"seeded in {r['seed_s']:.0f} s; load average {r['load_lookups']:.1f} before the "
        f"lookups, {c['load']:.1f} before the callbacks, {r['load_end']:.1f} at the end "
        f"(2 cores: above ~1 someone else was busy too)"
    )
    print(
        f"  {c['prepared']:,} orders + VNPay attempts prepared beforehand "
        f"({c['prepare_per_s']:.0f}/s through order_create + attempt_start)"
    )
    for key in ("first_1", "first_2", "replay_1", "replay_2"):
        s = c[key]
        codes = ", ".join(f"{code}×{n}" for code, n in sorted(s["codes"].items()))
        print(
            f"  {key.replace('_', ', ')} process(es): {s['sent']:,} IPNs, replies {codes}; "
            f"{s['cpu_ms']:.2f} ms CPU per IPN in the delivering process(es), so at most "
            f"{2000 / s['cpu_ms']:.0f}/s on two free cores before the database's own share"
        )
    books = c["books"]
    print(
        f"  books {mark(books['ok'])}: {books['attempts']:,} attempts, {books['succeeded']:,} "
        f"succeeded; {books['orders_paid']:,} orders paid ({books['paid_by_own_attempt']:,} by "
        f"their own attempt); ledger entries per attempt {books['entries_per_attempt']} "
        f"({books['ledger_vnd']:,} VND in the ledger for {books['attempts_vnd']:,} VND of "
        f"attempts); {books['bills_paid']:,} bills paid by their order (of "
        f"{books['bills_expected']:,} orders that pay a bill); "
        f"{books['mismatches']} mismatches; first replies {books['first_replies']}, "
        f"replays {books['replay_replies']}"
    )
    cb = c["breakdown"]
    for key, what in (("first", "first delivery"), ("replay", "replay")):
        s = cb[key]
        print(
            f"  one IPN, {what} (alone, in the main process): {s['request_ms']:.2f} ms in all, "
            f"{s['cpu_ms']:.2f} ms of it CPU in Python; {s['sql_ms']:.2f} ms in "
            f"{s['queries']:.0f} database calls (statements, BEGIN/COMMIT); the transaction "
            f"lasts {s['transaction_ms']:.2f} ms from its first statement to its COMMIT"
            + (
                f" (SQLite's one write lock held that long: at most "
                f"{1000 / s['transaction_ms']:.0f}/s however many processes)"
                if label == "sqlite" and s["transaction_ms"]
                else ""
            )
        )
    print(
        f"  the floor: GET /healthz (no database) through the same stack and test client "
        f"{cb['healthz_ms']:.2f} ms, {cb['healthz_cpu_ms']:.2f} ms CPU; the signature check "
        f"alone (HMAC-SHA512) {cb['verify_ms']:.3f} ms"
    )
    _listing("queries of one first delivery", cb["first"]["listing"])
    _listing("queries of one replay", cb["replay"]["listing"])
    for key, what in LOOKUP_ROWS:
        s = r["lookups"].get(key)
        if s is not None:
            print(f"  {what}: {s['as_expected']} of {s['runs']} answered as expected")
    _listing("queries of one bills_lookup() (right pair)", b["selector"])
    _listing("queries of one POST /tuition/ (right pair, new address)", b["page"])
    if "page_paid_online" in b:
        _listing("queries of one POST /tuition/ for a student with bills paid by IPN",
                 b["page_paid_online"])  # fmt: skip
    print(
        f"  the throttle's count for an address with 500 lookups this hour: "
        f"{b['throttle_500_ms']:.2f} ms"
    )


def _plans(label: str, r: dict[str, Any]) -> None:
    b, cb = r["lookup_breakdown"], r["callbacks"]["breakdown"]
    print(f"\nQuery plans ({label}; the statements as they ran, PostgreSQL's SELECTs analysed)")
    for what, plan in (
        ("lookup: the bills of a student code", b["plan_bills"]),
        ("lookup: the throttle's count of an address's audit rows", b["plan_throttle"]),
        ("IPN: the attempt of a vnp_TxnRef", cb["plan_attempt"]),
        ("IPN (paid hook): the bill of an order line, by public_id", cb["plan_bill"]),
    ):
        print(f"  {what}:")
        for line in str(plan).splitlines():
            print(f"    {line}")


def main(callbacks: int = 2000, bills: int = 500_000) -> None:
    base = base_env(**ENV)
    print(
        f"\nPayments: {callbacks:,} VNPay callbacks (× 2 runs) and {bills:,} tuition bills per "
        f"database (in-process)"
    )
    results: list[tuple[str, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory() as sqlite_var, tempfile.TemporaryDirectory() as pg_var:
        runs = [("sqlite", {**base, "VAR_DIR": sqlite_var})]
        if pg_recreate("bench_payments"):
            runs.append(
                ("postgresql",
                 {**base, "VAR_DIR": pg_var, "DATABASE_URL": pg_url("bench_payments")})
            )  # fmt: skip
        for label, env in runs:
            print(f"[{label}] seeding {bills:,} bills and measuring…", flush=True)
            args = [str(callbacks), str(bills)]
            result = worker_run("bench.payments_worker", label, env, args, 3 * 3600)
            if result is not None:
                results.append((label, result))
    print_table(
        "Payments (in-process; goals: ≥ 300 callbacks/s on 2 cores, lookup p95 ≤ 30 ms)",
        ["database", "what", "IPNs or bills", "p50 ms", "p95 ms", "per second", "goal", "met"],
        [row for label, result in results for row in _rows(label, result)],
    )
    for label, result in results:
        _notes(label, result)
    for label, result in results:
        _plans(label, result)


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 2000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 500_000,
    )
