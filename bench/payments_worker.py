"""Measured inside Django processes (run by bench.payments with the database in the env).

`python -m bench.payments_worker CALLBACKS BILLS`: migrate, load the demo province, seed BILLS
tuition bills of many schools, time the bill lookup (the selector and the page), then prepare
2 × CALLBACKS pending tuition orders, each with a VNPay attempt (the real `order_create` and
`attempt_start`), and deliver one signed IPN per attempt to `/pay/callback/vnpay`: CALLBACKS
of them from one process, the other CALLBACKS from two processes at once; then every IPN again
(replays). Checks the books afterwards. Prints one JSON line.

`python -m bench.payments_worker deliver FILE`: one delivering process (started by the first):
reads the IPN query strings in FILE, prints "ready", waits for "go" on stdin, GETs each one,
prints one JSON line.

The seeding is in bench/payments_seed.py, the bill lookup's timing in bench/payments_lookups.py.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Count, F, Sum  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.payments_lookups import (  # noqa: E402
    LOOKUPS,
    SqlTimer,
    explain,
    lookup_breakdown,
    page_call,
    time_lookups,
    timed,
)
from bench.payments_seed import OPEN_TERM, Student, seed_bills  # noqa: E402
from bench.workers import percentiles  # noqa: E402
from openprovince.agencies.models import Agency  # noqa: E402
from openprovince.payments.models import (  # noqa: E402
    LedgerEntry,
    Mismatch,
    Order,
    OrderLine,
    PaymentAttempt,
)
from openprovince.payments.providers.base import StartContext  # noqa: E402
from openprovince.payments.providers.vnpay import VNPayProvider, vnpay_time  # noqa: E402
from openprovince.payments.providers.vnpay_signing import (  # noqa: E402
    vnpay_hash_data,
    vnpay_sign,
    vnpay_verify,
)
from openprovince.payments.services.attempts import attempt_start  # noqa: E402
from openprovince.payments.services.orders import Line, order_create  # noqa: E402
from openprovince.tuition.models import TuitionBill  # noqa: E402
from openprovince.tuition.services.paying import PURPOSE, SUBJECT  # noqa: E402

CALLBACK = "/pay/callback/vnpay"
BREAKDOWN = 30  # extra attempts delivered one by one with the queries captured
# What VNPay sends back: its own transaction numbers (8 digits), a bank, a card type.
FIRST_TXN_NO = 14_400_000
BASE_URL = "https://dichvucong.tayninh.gov.vn"


# --- Callbacks --------------------------------------------------------------------------------


def _ipn_query(pay_url: str, txn_no: int, secret: str) -> str:
    """The IPN VNPay sends for a successful payment of what `pay_url` asked for: the request's
    amount, reference, terminal and order info echoed, VNPay's own fields added, signed the
    v2.1.0 way (the signed string is the query string, then vnp_SecureHash)."""
    pay = dict(parse_qsl(urlsplit(pay_url).query, keep_blank_values=True))
    if not vnpay_verify(pay, secret):  # VNPay checks the pay URL's signature first
        raise RuntimeError(f"pay URL signature does not verify: {pay_url}")
    fields = {
        "vnp_Amount": pay["vnp_Amount"],
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": f"VNP{txn_no}",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": pay["vnp_OrderInfo"],
        "vnp_PayDate": vnpay_time(timezone.now()),
        "vnp_ResponseCode": "00",
        "vnp_TmnCode": pay["vnp_TmnCode"],
        "vnp_TransactionNo": str(txn_no),
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": pay["vnp_TxnRef"],
    }
    return f"{vnpay_hash_data(fields)}&vnp_SecureHash={vnpay_sign(fields, secret)}"


def prepare(count: int, first_txn: int) -> tuple[list[str], float, int]:
    """`count` pending tuition orders (one open bill each, as the tuition page makes them),
    each with a VNPay attempt; the signed IPN query of each. Should the open bills run out
    (few bills seeded), the rest pay a fee of no bill (the paid hook still runs, finds no
    bill). Returns the queries, the seconds taken and how many orders pay a bill."""
    ids = list(
        TuitionBill.objects.filter(status=TuitionBill.Status.UNPAID, term=OPEN_TERM)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rng = random.Random(first_txn)
    chosen = rng.sample(ids, min(count, len(ids)))
    bills = list(TuitionBill.objects.select_related("school").filter(pk__in=chosen))
    rng.shuffle(bills)
    schools = list(Agency.objects.filter(type__code="school"))
    provider, secret = VNPayProvider(), settings.VNPAY_HASH_SECRET
    queries = []
    started = time.perf_counter()
    for n in range(count):
        if n < len(bills):
            bill = bills[n]
            payee, name = bill.school, bill.student_name
            line = Line(subject=f"{SUBJECT}{bill.public_id}",
                        description=f"{bill.student_name} – {bill.class_name} – {bill.term}",
                        amount=bill.amount)  # fmt: skip
        else:
            payee, name = schools[n % len(schools)], f"Phụ huynh {n}"
            line = Line(subject=f"bench.fee:{n}", description="Phí", amount=100_000 + n)
        order = order_create(
            purpose=PURPOSE, description=f"Học phí: {name}", payee=payee, lines=[line]
        )
        ctx = StartContext(base_url=BASE_URL, client_ip=f"113.161.{n // 250}.{n % 250 + 1}")
        _attempt, checkout = attempt_start(order=order, provider=provider, ctx=ctx)
        queries.append(_ipn_query(checkout.redirect_url, first_txn + n, secret))
    return queries, time.perf_counter() - started, len(bills)


def deliver(path: str) -> None:
    """One delivering process: the IPNs in `path`, as VNPay's servers send them."""
    queries = json.loads(Path(path).read_text("utf-8"))
    client = Client()
    client.get(CALLBACK)  # warm-up: URL resolver, the view's imports; a refused IPN (97)
    print("ready", flush=True)
    sys.stdin.readline()
    codes: Counter[str] = Counter()
    samples = []
    cpu, started = time.process_time(), time.time()
    for query in queries:
        began = time.perf_counter()
        response = client.get(f"{CALLBACK}?{query}")
        samples.append((time.perf_counter() - began) * 1000)
        codes[response.json()["RspCode"] if response.status_code == 200 else "http"] += 1
    finished, cpu = time.time(), time.process_time() - cpu
    print(json.dumps({"codes": codes, "started": started, "finished": finished, "cpu": cpu,
                      "samples": samples}), flush=True)  # fmt: skip


def run_deliverers(parts: list[list[str]], tag: str) -> dict[str, Any]:
    """Deliver each part from its own process, all at once; IPNs per second over the wall
    time from the first start to the last finish."""
    files = []
    for i, part in enumerate(parts):
        file = Path(settings.VAR_DIR) / f"ipn-{tag}-{i}.json"
        file.write_text(json.dumps(part), "utf-8")
        files.append(file)
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "bench.payments_worker", "deliver", str(file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for file in files
    ]
    for child in children:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        assert line == "ready", f"deliverer: {line!r}"
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    results = []
    for child in children:
        out, _err = child.communicate(timeout=1800)
        results.append(json.loads(out.strip().splitlines()[-1]))
    codes: Counter[str] = Counter()
    for r in results:
        codes.update(r["codes"])
    sent = sum(codes.values())
    elapsed = max(r["finished"] for r in results) - min(r["started"] for r in results)
    return {
        "processes": len(parts),
        "sent": sent,
        "codes": dict(codes),
        "per_s": sent / elapsed,
        # CPU of the delivering processes themselves (Django, the HMAC, the ORM; not the
        # database server's): what a free core would need per callback.
        "cpu_ms": sum(r["cpu"] for r in results) * 1000 / sent,
        **percentiles([s for r in results for s in r["samples"]]),
    }


def callback_breakdown(queries: list[str]) -> dict[str, Any]:
    """Where one callback's time goes, first delivery and replay: queries, SQL time, and the
    signature check alone."""
    client, timer = Client(), SqlTimer()
    client.get(CALLBACK)
    result: dict[str, Any] = {}
    for key in ("first", "replay"):
        counts, sql_ms, total_ms, cpu_ms, spans = [], [], 0.0, 0.0, []
        listing: list[tuple[float, str]] = []
        for query in queries:
            with timer.active():
                started, cpu = time.perf_counter(), time.process_time()
                response = client.get(f"{CALLBACK}?{query}")
                total_ms += (time.perf_counter() - started) * 1000
                cpu_ms += (time.process_time() - cpu) * 1000
            assert response.status_code == 200, response.status_code
            spans.append(timer.span_ms())
            captured = timer.take()
            counts.append(len(captured))
            sql_ms.append(sum(ms for ms, _sql in captured))
            listing = listing or captured
        if key == "first":
            result["plan_attempt"] = explain(timer.statement('FROM "payments_paymentattempt"'))
            result["plan_bill"] = explain(timer.statement('"tuition_tuitionbill"', "public_id"))
        result[key] = {
            "queries": sum(counts) / len(counts),
            "sql_ms": sum(sql_ms) / len(sql_ms),
            "request_ms": total_ms / len(queries),
            "cpu_ms": cpu_ms / len(queries),
            # BEGIN … COMMIT: on SQLite the one writer's lock is held that long.
            "transaction_ms": sum(spans) / len(spans),
            "listing": listing,
        }
    # The floor: a request that touches no database through the same stack and client.
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(200):
        client.get("/healthz")
    result["healthz_ms"] = (time.perf_counter() - started) * 1000 / 200
    result["healthz_cpu_ms"] = (time.process_time() - cpu) * 1000 / 200
    fields = dict(parse_qsl(queries[0]))
    started = time.perf_counter()
    for _ in range(200):
        vnpay_verify(fields, settings.VNPAY_HASH_SECRET)
    result["verify_ms"] = (time.perf_counter() - started) * 1000 / 200
    return result


def books_check(
    attempts_sent: int, with_bills: int, replies: dict[str, Counter[str]]
) -> dict[str, Any]:
    """After every IPN (and its replay): each attempt succeeded, each order paid by its own
    attempt, exactly one ledger entry per attempt for the attempt's amount, each bill paid by
    its order, no mismatch; first deliveries answered 00, replays 02."""
    attempts = PaymentAttempt.objects.filter(provider="vnpay")
    total = attempts.count()
    succeeded = attempts.filter(status=PaymentAttempt.Status.SUCCEEDED).count()
    orders = Order.objects.filter(attempts__provider="vnpay").distinct()
    paid = sum(
        1
        for order_id, status, paid_by in orders.values_list("pk", "status", "paid_by_id")
        if status == Order.Status.PAID and paid_by is not None
    )
    own = attempts.filter(order__paid_by_id=F("pk")).count()
    per_attempt = Counter(
        n for n in LedgerEntry.objects.filter(attempt__provider="vnpay")
        .values("attempt_id").annotate(n=Count("id")).values_list("n", flat=True)
    )  # fmt: skip
    with_entry = sum(per_attempt.values())
    ledger_sum = LedgerEntry.objects.filter(attempt__provider="vnpay").aggregate(s=Sum("amount"))
    attempt_sum = attempts.aggregate(s=Sum("amount"))
    # Each order's bill by its public id (a unique index): a join from the orders would
    # leave the plan to statistics gathered when no bill had an order yet (SQLite has no
    # auto-analyse), and SQLite then scans the paid bills once per order.
    wanted = {
        subject.removeprefix(SUBJECT): order_id
        for order_id, subject in OrderLine.objects.filter(
            order__attempts__provider="vnpay", subject__startswith=SUBJECT
        ).values_list("order_id", "subject")
    }
    ids = list(wanted)
    bills_paid = sum(
        1
        for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500))
        for public_id, status, paid_order in TuitionBill.objects.filter(
            public_id__in=chunk
        ).values_list("public_id", "status", "paid_order_id")
        if status == TuitionBill.Status.PAID and paid_order == wanted[str(public_id)]
    )
    mismatches = Mismatch.objects.count()
    first, replay = replies["first"], replies["replay"]
    ok = (
        total == attempts_sent
        and succeeded == total
        and paid == total
        and own == total
        and per_attempt == Counter({1: total})
        and ledger_sum["s"] == attempt_sum["s"]
        and bills_paid == with_bills
        and mismatches == 0
        and first == Counter({"00": total})
        and replay == Counter({"02": total})
    )
    return {
        "ok": ok,
        "attempts": total,
        "succeeded": succeeded,
        "orders_paid": paid,
        "paid_by_own_attempt": own,
        "attempts_with_one_entry": per_attempt.get(1, 0),
        "attempts_with_entries": with_entry,
        "entries_per_attempt": {str(k): v for k, v in sorted(per_attempt.items())},
        "ledger_vnd": ledger_sum["s"],
        "attempts_vnd": attempt_sum["s"],
        "bills_paid": bills_paid,
        "bills_expected": with_bills,
        "mismatches": mismatches,
        "first_replies": dict(first),
        "replay_replies": dict(replay),
    }


def time_callbacks(count: int) -> dict[str, Any]:
    # All at once: two orders for one bill would pay it twice (a mismatch, rightly).
    queries, prepare_s, with_bills = prepare(2 * count + BREAKDOWN, FIRST_TXN_NO)
    one, two, extra = queries[:count], queries[count : 2 * count], queries[2 * count :]
    half = count // 2
    load = os.getloadavg()[0]
    result: dict[str, Any] = {
        "prepared": len(queries),
        "with_bills": with_bills,
        "prepare_per_s": len(queries) / prepare_s,
        "load": load,
        "first_1": run_deliverers([one], "a"),
        "first_2": run_deliverers([two[:half], two[half:]], "b"),
        "replay_1": run_deliverers([one], "c"),
        "replay_2": run_deliverers([two[:half], two[half:]], "d"),
    }
    result["breakdown"] = callback_breakdown(extra)
    replies = {"first": Counter[str](), "replay": Counter[str]()}
    for key, kind in (("first_1", "first"), ("first_2", "first"),
                      ("replay_1", "replay"), ("replay_2", "replay")):  # fmt: skip
        replies[kind].update(result[key]["codes"])
    replies["first"]["00"] += BREAKDOWN  # the breakdown's own deliveries, checked by assert
    replies["replay"]["02"] += BREAKDOWN
    result["books"] = books_check(2 * count + BREAKDOWN, with_bills, replies)
    return result


def students_paid_online(students: list[Student]) -> list[Student]:
    """Students whose open bill the callbacks just paid (their page shows receipts)."""
    codes = set(
        TuitionBill.objects.filter(paid_order__isnull=False).values_list("student_code", flat=True)
    )
    return [s for s in students if s[0] in codes]


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "deliver":
        deliver(sys.argv[2])
        return
    callbacks = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 500_000
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # pages use hashed static names
    call_command("load_demo_province", verbosity=0)
    started = time.perf_counter()
    students, schools = seed_bills(total)
    seed_s = time.perf_counter() - started
    load_lookups = os.getloadavg()[0]
    lookups = time_lookups(students)
    callbacks_result = time_callbacks(callbacks)
    paid_online = students_paid_online(students)
    rng = random.Random(13)
    picks = [rng.choice(paid_online) for _ in range(LOOKUPS + 5)] if paid_online else []
    if picks:
        lookups["page_paid_online"] = timed(picks, page_call(Client(), 200))
    result = {
        "bills": TuitionBill.objects.count(),
        "students": len(students),
        "schools": schools,
        "seed_s": round(seed_s, 1),
        "load_lookups": load_lookups,
        "lookups": lookups,
        "lookup_breakdown": lookup_breakdown(students, paid_online),
        "callbacks": callbacks_result,
        "load_end": os.getloadavg()[0],
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
