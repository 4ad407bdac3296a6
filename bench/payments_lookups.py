"""The bill lookup part of bench/payments_worker.py: the selector and the page, right and
wrong pairs, the statements of one of each and their plans. Imported by that worker after
django.setup()."""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import Client
from django.utils import timezone

from bench.payments_seed import Student
from bench.workers import percentiles
from openprovince.core.counting import count_up_to
from openprovince.core.errors import AppError
from openprovince.core.models import AuditEvent
from openprovince.tuition.services.lookup import ACTION, bills_lookup

LOOKUPS = 400  # timed lookups per row

_address = iter(range(10**7))


def next_address() -> str:
    """Each page lookup from its own address (one family, one phone): the throttle still runs
    its count, over that address's (few) audit rows."""
    n = next(_address)
    return f"10.{20 + n // 62500}.{(n // 250) % 250}.{n % 250 + 1}"


def timed(picks: list[Any], call: Callable[[Any], bool], warmup: int = 5) -> dict[str, Any]:
    for pick in picks[:warmup]:
        call(pick)
    samples, ok = [], 0
    for pick in picks[warmup:]:
        started = time.perf_counter()
        ok += call(pick)
        samples.append((time.perf_counter() - started) * 1000)
    return {**percentiles(samples), "runs": len(samples), "as_expected": ok}


def wrong_pairs(rng: random.Random, students: list[Student], count: int) -> list[Student]:
    """Half a real code with another birth date, half a code no school has."""
    picks = []
    for n in range(count):
        code, born, name = rng.choice(students)
        if n % 2:
            picks.append((code, born + timedelta(days=rng.randint(1, 300)), name))
        else:
            school = rng.randint(900, 999)  # a school number none of the seeded has
            picks.append(
                (f"HS{rng.randint(2014, 2025)}{school}{rng.randint(0, 9999):05d}", born, name)
            )
    return picks


def selector_call(expect_found: bool) -> Callable[[Student], bool]:
    def call(pick: Student) -> bool:
        code, born, _name = pick
        try:
            bills = bills_lookup(student_code=code, birth_date=born)
        except AppError as error:
            return not expect_found and error.status == 404
        return expect_found and bool(bills)

    return call


def page_call(client: Client, expect: int) -> Callable[[Student], bool]:
    def call(pick: Student) -> bool:
        code, born, _name = pick
        client.cookies.clear()  # every parent comes with their own (new) session
        response = client.post(
            "/tuition/", {"code": code, "birth": born.isoformat()}, REMOTE_ADDR=next_address()
        )
        return response.status_code == expect

    return call


def time_lookups(students: list[Student]) -> dict[str, Any]:
    rng = random.Random(9)
    right = [rng.choice(students) for _ in range(LOOKUPS + 5)]
    wrong = wrong_pairs(rng, students, LOOKUPS + 5)
    client = Client()
    return {
        "selector_right": timed(right, selector_call(True)),
        "selector_wrong": timed(wrong, selector_call(False)),
        "page_right": timed([rng.choice(students) for _ in range(LOOKUPS + 5)],
                            page_call(client, 200)),
        "page_wrong": timed(wrong_pairs(rng, students, LOOKUPS + 5), page_call(client, 404)),
    }  # fmt: skip


class SqlTimer:
    """Each statement's own time (an execute wrapper; SQLite's BEGIN IMMEDIATE is one) and
    each COMMIT's (on PostgreSQL it waits for the WAL flush), to the microsecond:
    CaptureQueriesContext rounds to the millisecond, which hides SQLite's whole share.
    PostgreSQL's BEGIN travels with the first statement."""

    def __init__(self) -> None:
        self.listing: list[tuple[float, str]] = []
        self.statements: list[tuple[str, Any]] = []  # with their parameters, for EXPLAIN
        self.first = self.last = 0.0  # when the first call of the listing began, the last ended

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self._record(started, sql)
            self.statements.append((sql, params))

    def _record(self, started: float, what: str) -> None:
        self.last = time.perf_counter()
        self.first = self.first if self.listing else started
        self.listing.append(((self.last - started) * 1000, what))

    @contextmanager
    def active(self) -> Iterator[SqlTimer]:
        db = connections[DEFAULT_DB_ALIAS]  # what `connection` is in this thread
        names = {"_commit": "COMMIT", "_rollback": "ROLLBACK"}
        for name, label in names.items():
            setattr(db, name, self._timed(getattr(db, name), label))
        try:
            with db.execute_wrapper(self):
                yield self
        finally:
            for name in names:
                delattr(db, name)  # the class's own method again

    def _timed(self, method: Callable[..., Any], label: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self._record(started, label)

        return timed

    def take(self) -> list[tuple[float, str]]:
        listing, self.listing = self.listing, []
        return listing

    def span_ms(self) -> float:
        """From the start of the first call to the end of the last, since the last take():
        for a request whose statements are all one transaction, how long it lasted."""
        return (self.last - self.first) * 1000 if self.listing else 0.0

    def statement(self, *needles: str) -> tuple[str, Any] | None:
        """The last statement run that contains every one of `needles`."""
        found = (s for s in reversed(self.statements) if all(n in s[0] for n in needles))
        return next(found, None)


def explain(statement: tuple[str, Any] | None) -> str:
    """The plan of a statement as it ran; on PostgreSQL a SELECT's with its real timings
    (ANALYZE, which would also run an UPDATE: those get the plan alone)."""
    if statement is None:
        return "(no such statement ran)"
    sql, params = statement
    postgres = connection.vendor == "postgresql"
    analyze = "(ANALYZE, BUFFERS) " if sql.startswith("SELECT") else ""
    prefix = f"EXPLAIN {analyze}" if postgres else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    return "\n".join(str(row[0]) if postgres else str(row[-1]) for row in rows)


def lookup_breakdown(students: list[Student], paid_online: list[Student]) -> dict[str, Any]:
    """The queries of one selector call and of one page, the plans of the bills query and of
    the throttle's count."""
    code, born, _name = students[len(students) // 2]
    timer, client, address = SqlTimer(), Client(), next_address()
    with timer.active():
        bills_lookup(student_code=code, birth_date=born)
        selector = timer.take()
        response = client.post("/tuition/", {"code": code, "birth": born.isoformat()},
                               REMOTE_ADDR=address)  # fmt: skip
        page = timer.take()
    assert response.status_code == 200, response.status_code
    result: dict[str, Any] = {
        "selector": selector,
        "page": page,
        "plan_bills": explain(timer.statement('FROM "tuition_tuitionbill"', "student_code")),
        "plan_throttle": explain(timer.statement("COUNT(*)", '"core_auditevent"')),
    }
    if paid_online:
        code, born, _name = paid_online[0]
        client.cookies.clear()
        with timer.active():
            client.post("/tuition/", {"code": code, "birth": born.isoformat()},
                        REMOTE_ADDR=next_address())  # fmt: skip
        result["page_paid_online"] = timer.take()
    # What the throttle costs when one address (a school's or a carrier's NAT) has already
    # looked up many times this hour: its own count (up to the bench's lifted limit) over
    # that many audit rows.
    one = "10.250.0.1"
    for n in range(500):
        bills_lookup_quiet(students[n], one)
    since = timezone.now() - timedelta(hours=1)
    started = time.perf_counter()
    for _ in range(20):
        tries = AuditEvent.objects.filter(action=ACTION, ip=one, at__gte=since)
        count_up_to(tries, settings.TUITION_LOOKUPS_PER_IP_HOUR)
    result["throttle_500_ms"] = (time.perf_counter() - started) * 1000 / 20
    return result


class _Request:
    """Just enough of a request for the audit row's address (the throttle is lifted)."""

    def __init__(self, address: str) -> None:
        self.META = {"REMOTE_ADDR": address}
        self.user = None


def bills_lookup_quiet(student: Student, address: str) -> None:
    code, born, _name = student
    with contextlib.suppress(AppError):
        bills_lookup(student_code=code, birth_date=born, request=_Request(address))  # type: ignore[arg-type]
