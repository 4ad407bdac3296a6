"""Measured inside Django processes (run by bench.reports with the database in the env).

`python -m bench.reports_worker N`: seed N reports (with their cases), then time the map's
bounding-box query, the public list's first page, the nearby-duplicate query and submissions
through the real view (one process alone, then two in parallel). Prints one JSON line.

`python -m bench.reports_worker submit COUNT INDEX`: one submitting process (started by the
first): makes its users, prints "ready", waits for "go" on stdin, sends COUNT reports, prints
one JSON line.
"""

from __future__ import annotations

import io
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import cache
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.messages.storage.cookie import CookieStorage  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from bench.workers import cpu_scaling, percentiles  # noqa: E402
from openprovince.accounts.models import User  # noqa: E402
from openprovince.agencies.models import Agency  # noqa: E402
from openprovince.cases.definitions import workflow_definition_current  # noqa: E402
from openprovince.cases.models import Case  # noqa: E402
from openprovince.core.uploads import PHOTO, upload_process  # noqa: E402
from openprovince.demo.province import COLS, EAST, LOCAL, NORTH, SOUTH, WEST, vertex  # noqa: E402
from openprovince.reports.models import Report, ReportCategory  # noqa: E402
from openprovince.reports.selectors import ReportFilters, reports_in_box  # noqa: E402
from openprovince.reports.services.duplicates import reports_nearby  # noqa: E402
from openprovince.reports.views_map import MAP_LIMIT  # noqa: E402

BATCH = 5000
BOX = 0.05  # degrees, about 5.5 km × 5.5 km
YEARS = 3  # reports spread over the last three years
OPEN_STATES = ["received", "triage", "assigned", "in_progress", "resolved"]
CLOSED_STATES = ["closed_fixed"] * 6 + [
    "closed_forwarded",
    "closed_duplicate",
    "closed_invalid",
    "closed_cannot_fix",
]
STREETS = ["Cách Mạng Tháng Tám", "Trần Hưng Đạo", "Điện Biên Phủ", "30 Tháng 4", "Bời Lời"]
DESCRIPTION = "Đèn đường tắt mấy đêm nay, buổi tối đoạn này rất tối, người đi xe máy dễ té."


@cache
def corners(cell: int) -> tuple[list[float], list[float], list[float], list[float]]:
    """The four corners (NW, NE, SE, SW) of a demo commune/ward, as [lng, lat]."""
    row, col = divmod(cell, COLS)
    return vertex(row, col), vertex(row, col + 1), vertex(row + 1, col + 1), vertex(row + 1, col)


def point_in_cell(rng: random.Random, cell: int) -> tuple[float, float]:
    """(lat, lng) inside a demo commune/ward: bilinear blend of its corners."""
    nw, ne, se, sw = corners(cell)
    u, v = rng.uniform(0.02, 0.98), rng.uniform(0.02, 0.98)
    lng = (1 - u) * (1 - v) * nw[0] + u * (1 - v) * ne[0] + u * v * se[0] + (1 - u) * v * sw[0]
    lat = (1 - u) * (1 - v) * nw[1] + u * (1 - v) * ne[1] + u * v * se[1] + (1 - u) * v * sw[1]
    return lat, lng


def cell_weights() -> list[float]:
    """Urban wards get three times the reports of rural communes."""
    return [3.0 if kind == "ward" else 1.0 for kind, _name, _slug in LOCAL]


@contextmanager
def explicit_created_at() -> Iterator[None]:
    """Let bulk_create keep the seeded creation dates (auto_now_add would overwrite them)."""
    fields = [Case._meta.get_field("created_at"), Report._meta.get_field("created_at")]
    for field in fields:
        setattr(field, "auto_now_add", False)  # noqa: B010 - a Field attribute mypy cannot see
    try:
        yield
    finally:
        for field in fields:
            setattr(field, "auto_now_add", True)  # noqa: B010


def seed(total: int) -> None:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # pages use hashed static names
    call_command("load_demo_province", verbosity=0)
    definition = workflow_definition_current(kind="report")
    assert definition is not None
    local = {
        a.code.rsplit(".", 1)[1]: a
        for a in Agency.objects.filter(type__code__in=["ward", "commune"])
    }
    wards = [local[slug] for _kind, _name, slug in LOCAL]
    province = Agency.objects.get(code="TN")
    categories = list(ReportCategory.objects.all())
    weights, rng, now = cell_weights(), random.Random(1), timezone.now()
    span = YEARS * 365 * 24 * 60
    with explicit_created_at():
        for start in range(0, total, BATCH):
            cases, reports = [], []
            for n in range(start, min(total, start + BATCH)):
                cell = rng.choices(range(len(LOCAL)), weights)[0]
                lat, lng = point_in_cell(rng, cell)
                category = rng.choice(categories)
                created = now - timedelta(minutes=rng.randint(0, span))
                recent = now - created < timedelta(days=30)
                closed = rng.random() < (0.4 if recent else 0.95)
                state = rng.choice(CLOSED_STATES if closed else OPEN_STATES)
                moved = created + timedelta(hours=rng.randint(1, 200))
                address = f"{rng.randint(1, 450)} {rng.choice(STREETS)}"
                cases.append(
                    Case(
                        code=f"BR-{n:07d}",
                        kind="report",
                        definition=definition,
                        title=f"{category.name} – {address}",
                        state=state,
                        agency=province if category.code == "other" else wards[cell],
                        created_at=created,
                        state_entered_at=moved,
                        due_at=created + timedelta(days=7),
                        paused_at=moved if state == "resolved" else None,
                        closed_at=moved if closed else None,
                    )
                )
                reports.append(
                    Report(
                        category=category,
                        lat=lat,
                        lng=lng,
                        address=address,
                        description=DESCRIPTION,
                        is_public=rng.random() > 0.01,
                        supporters=rng.choice([0, 0, 0, 0, 1, 2, 5]),
                        status="closed" if closed else "open",
                        created_at=created,
                        resolved_at=moved if state in {"resolved", "closed_fixed"} else None,
                    )
                )
            Case.objects.bulk_create(cases)
            for case, report in zip(cases, reports, strict=True):
                report.case = case
            Report.objects.bulk_create(reports)
    # The table at rest, as autovacuum leaves it after a load (PostgreSQL ≥ 13 vacuums after
    # inserts too): fresh statistics and, on PostgreSQL, the visibility map that lets the
    # map's box be read from its index alone.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def timed(runs: int, call: Callable[[int], Any], warmup: int = 3) -> dict[str, float]:
    for n in range(warmup):
        call(-1 - n)
    samples = []
    for n in range(runs):
        started = time.perf_counter()
        call(n)
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


def explain(sql_or_qs: Any, params: Any = None) -> str:
    if hasattr(sql_or_qs, "explain"):
        return str(sql_or_qs.explain())
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql_or_qs, params)
        rows = cursor.fetchall()
    return "\n".join(" | ".join(str(c) for c in row) for row in rows)


def time_box(runs: int) -> dict[str, Any]:
    rng = random.Random(2)
    boxes = []
    for _ in range(runs + 3):
        south, west = rng.uniform(SOUTH, NORTH - BOX), rng.uniform(WEST, EAST - BOX)
        boxes.append((south, west, south + BOX, west + BOX))
    sizes = []
    client = Client()

    def call(n: int) -> None:
        south, west, north, east = boxes[n]
        response = client.get(
            "/reports/map.json",
            {
                "south": f"{south:.5f}",
                "west": f"{west:.5f}",
                "north": f"{north:.5f}",
                "east": f"{east:.5f}",
            },
        )
        assert response.status_code == 200, response.status_code
        sizes.append(len(response.json()["reports"]))

    result: dict[str, Any] = timed(runs, call)
    south, west, north, east = boxes[0]
    qs = reports_in_box(filters=ReportFilters(), south=south, west=west, north=north, east=east)[
        :MAP_LIMIT
    ]
    started = time.perf_counter()
    rows = list(qs.values_list("id", flat=True))
    result["sql_only_ms"] = (time.perf_counter() - started) * 1000  # ids only: no objects
    result["rows_median"] = statistics.median(sizes)
    result["plan"] = explain(qs)
    result["sql_rows"] = len(rows)
    return result


def time_list(runs: int) -> dict[str, Any]:
    client = Client()

    def call(_n: int) -> None:
        response = client.get("/reports/")
        assert response.status_code == 200, response.status_code

    result: dict[str, Any] = timed(runs, call)
    timer = SqlTimer()
    with connection.execute_wrapper(timer):
        started = time.perf_counter()
        client.get("/reports/")
        total = (time.perf_counter() - started) * 1000
    slow = timer.slowest(3)
    result["queries"] = timer.queries
    result["request_ms"] = total
    result["slowest"] = [[ms, sql[:300]] for ms, sql in slow]
    result["plan"] = explain(slow[0][1]) if slow else ""
    return result


def time_nearby(runs: int) -> dict[str, Any]:
    rng = random.Random(3)
    categories = list(ReportCategory.objects.exclude(code="other"))
    weights = cell_weights()
    points = [
        (rng.choice(categories), *point_in_cell(rng, rng.choices(range(len(LOCAL)), weights)[0]))
        for _ in range(runs + 3)
    ]
    found = []

    def call(n: int) -> None:
        category, lat, lng = points[n]
        found.append(len(reports_nearby(category=category, lat=lat, lng=lng)))

    result: dict[str, Any] = timed(runs, call)
    category, lat, lng = points[0]
    timer = SqlTimer()
    with connection.execute_wrapper(timer):
        reports_nearby(category=category, lat=lat, lng=lng)
    result["plan"] = explain(timer.log[-1][1])
    result["with_matches"] = sum(1 for n in found if n)
    return result


class SqlTimer:
    """Wall time spent in the database driver (execute + fetch of each statement)."""

    def __init__(self) -> None:
        self.seconds, self.queries = 0.0, 0
        self.log: list[tuple[float, str]] = []  # (ms, SQL with the parameters inlined)

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - began
            self.seconds += spent
            self.queries += 1
            try:
                inlined = sql % tuple(_literal(p) for p in params or ())
            except (TypeError, ValueError):
                inlined = sql
            self.log.append((spent * 1000, inlined))

    def slowest(self, count: int) -> list[tuple[float, str]]:
        return sorted(self.log, reverse=True)[:count]


def _literal(value: Any) -> str:
    """Good enough to EXPLAIN the statement again (numbers, strings, dates, booleans)."""
    if isinstance(value, bool) and connection.vendor == "sqlite":
        return str(int(value))
    if isinstance(value, int | float | bool):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


# --- submissions -------------------------------------------------------------------------


def jpeg() -> bytes:
    """A phone-like but small photo: 640×480, some shapes and noise, about 30 KB."""
    rng = random.Random(4)
    image = Image.new("RGB", (640, 480), (130, 170, 210))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 640, 480), fill=(90, 90, 95))
    for _ in range(300):
        x, y = rng.randint(0, 639), rng.randint(0, 479)
        colour = (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
        draw.ellipse((x, y, x + rng.randint(3, 30), y + rng.randint(3, 30)), fill=colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


class Citizens:
    """Signed-in people behind one test client (one handler, as one server process has):
    each request carries one person's session cookie and address."""

    def __init__(self, count: int, tag: str) -> None:
        self.client = Client()
        self.sessions: list[tuple[str, str]] = []
        for n in range(count):
            user = User.objects.create_user(f"bench-{tag}-{n}-{uuid.uuid4().hex[:6]}")
            # force_login on a client with a session would flush the previous person's
            self.client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
            self.client.force_login(user)
            key = self.client.cookies[settings.SESSION_COOKIE_NAME].value
            self.sessions.append((key, person_address(n)))

    def post(self, n: int, path: str, data: dict[str, Any] | bytes) -> Any:
        """POST the form `data`, or a multipart body `encoded` beforehand (so that the client's
        own work of building it is not counted, as wrk's is not over HTTP)."""
        key, address = self.sessions[n % len(self.sessions)]
        self.client.cookies[settings.SESSION_COOKIE_NAME] = key
        if isinstance(data, dict):
            data = encoded(data)
        response = self.client.generic(
            "POST", path, data, content_type=MULTIPART_CONTENT, REMOTE_ADDR=address
        )
        # A browser follows the redirect and reads the "sent" message; this client does not,
        # so drop it, or one cookie would pile up every person's messages.
        self.client.cookies.pop(CookieStorage.cookie_name, None)
        return response


def person_address(n: int) -> str:
    """The n-th bench person's own address (10.x.y.z): the per-connection limit and the audit
    log see people, as behind the TLS proxy, not one address for all."""
    return f"10.{n // 62500 % 250}.{n // 250 % 250}.{n % 250 + 1}"


def encoded(data: dict[str, Any]) -> bytes:
    """The multipart body a browser would send for the form `data`."""
    return encode_multipart(BOUNDARY, data)


def report_form(rng: random.Random, photo: bytes, categories: list[str]) -> dict[str, Any]:
    lat, lng = point_in_cell(rng, rng.choices(range(len(LOCAL)), cell_weights())[0])
    return {
        "category": rng.choice(categories),
        "lat": f"{lat:.6f}",
        "lng": f"{lng:.6f}",
        "description": DESCRIPTION,
        "idempotency_key": uuid.uuid4().hex,  # as the rendered form carries
        "photos": SimpleUploadedFile("anh.jpg", photo, content_type="image/jpeg"),
    }


def submit(count: int, tag: str) -> None:
    """One submitting process: people and forms first, then "ready", then wait for "go"."""
    rng = random.Random(tag)
    photo = jpeg()
    categories = list(ReportCategory.objects.exclude(code="other").values_list("code", flat=True))
    citizens = Citizens(max(1, count // 5), tag)  # five reports per person
    # Bodies built now: the measured time is the server's handling, not the client's encoding.
    posts = [encoded(report_form(rng, photo, categories)) for _ in range(count)]
    print("ready", flush=True)
    sys.stdin.readline()
    counts = {"sent": 0, "drafts": 0, "errors": 0}
    cpu, started = time.process_time(), time.time()
    for n, data in enumerate(posts):
        response = citizens.post(n, "/reports/new", data)
        location = response.get("Location", "")
        if response.status_code == 302 and "/drafts/" in location:
            counts["drafts"] += 1  # something similar nearby: a real person would check first
        elif response.status_code == 302:
            counts["sent"] += 1
        else:
            counts["errors"] += 1
    finished, cpu = time.time(), time.process_time() - cpu
    print(json.dumps({**counts, "started": started, "finished": finished, "cpu": cpu}), flush=True)


def run_submitters(processes: int, per_process: int, run: str) -> dict[str, Any]:
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "bench.reports_worker", "submit", str(per_process), f"{run}{i}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(processes)
    ]
    for child in children:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        assert line == "ready", f"submitter: {line!r}"
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    results = []
    for child in children:
        out, _err = child.communicate(timeout=1800)
        results.append(json.loads(out.strip().splitlines()[-1]))
    sent = sum(r["sent"] for r in results)
    posted = sum(r["sent"] + r["drafts"] + r["errors"] for r in results)
    elapsed = max(r["finished"] for r in results) - min(r["started"] for r in results)
    return {
        # CPU of the submitting processes themselves (Django + the photo; not the database
        # server's): what a free core would need per submission.
        "cpu_ms": sum(r["cpu"] for r in results) * 1000 / posted,
        "processes": processes,
        "sent": sent,
        "drafts": sum(r["drafts"] for r in results),
        "errors": sum(r["errors"] for r in results),
        "per_s": sent / elapsed,
    }


def submission_breakdown(samples: int) -> dict[str, float]:
    """Where one submission's time goes: SQL, the photo's processing, and the rest (Python:
    Django's request handling, ORM query building, template-free redirect)."""
    photo = jpeg()
    started = time.perf_counter()
    for _ in range(samples):
        upload_process(data=photo, filename="anh.jpg", kind=PHOTO)
    image_ms = (time.perf_counter() - started) * 1000 / samples
    rng = random.Random("breakdown")
    categories = list(ReportCategory.objects.exclude(code="other").values_list("code", flat=True))
    citizens = Citizens(samples, "breakdown")
    forms = [encoded(report_form(rng, photo, categories)) for _ in range(samples)]
    timer = SqlTimer()
    started = time.perf_counter()
    with connection.execute_wrapper(timer):
        for n, data in enumerate(forms):
            citizens.post(n, "/reports/new", data)
    total = time.perf_counter() - started
    return {
        "request_ms": total * 1000 / samples,
        "sql_ms": timer.seconds * 1000 / samples,
        "queries": timer.queries / samples,
        "image_ms": image_ms,
        "photo_kb": len(photo) / 1024,
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "submit":
        submit(int(sys.argv[2]), sys.argv[3])
        return
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    submissions = int(os.environ.get("BENCH_SUBMISSIONS", "1500"))
    started = time.perf_counter()
    seed(total)
    seeded_s = time.perf_counter() - started
    result = {
        "load": os.getloadavg()[0],  # others' work on a shared machine skews every figure
        "reports": Report.objects.count(),
        "seed_s": round(seeded_s, 1),
        "box": time_box(100),
        "list": time_list(60),
        "nearby": time_nearby(200),
        "submit_1": run_submitters(1, submissions, "a"),
        "cpu_scaling": cpu_scaling(),  # what two processes may get from this machine now
        "submit_2": run_submitters(2, submissions, "b"),
        "submit_breakdown": submission_breakdown(30),
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
