"""Measured inside one Django process (run by bench.dossiers with the database in the env):
seed N dossiers with their cases, then time the status lookup by code + phone and the
procedure search, both through the Django test client (every middleware, the view, the
template; the lookup also writes its audit row). Prints one JSON line."""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import timedelta
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.workers import percentiles  # noqa: E402
from openprovince.agencies.models import Agency  # noqa: E402
from openprovince.cases.definitions import workflow_definition_current  # noqa: E402
from openprovince.cases.models import Case  # noqa: E402
from openprovince.dossiers.models import Dossier, Procedure  # noqa: E402

BATCH = 5000
STATES = (
    ["submitted", "received", "in_review", "in_approval", "supplement", "payment"]
    + ["returned"] * 6
    + ["refused", "withdrawn"]
)
# What people type: names without diacritics, codes, parts of words.
QUERIES = [
    "khai sinh", "dang ky ket hon", "cu tru", "ho kinh doanh", "giay phep xay dung",
    "chung thuc", "1.001193", "dat dai", "bao tro xa hoi", "khai tu", "tam tru", "bhyt",
    "cap doi", "xac nhan tinh trang hon nhan", "thuong tru", "the bao hiem y te tre em",
]  # fmt: skip


def phone(n: int) -> str:
    return f"+8491{n:07d}"


def seed(total: int) -> list[tuple[str, str]]:
    """Returns (code, phone) of every 1,000th dossier, for the lookups."""
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("load_demo_province", verbosity=0)
    if not Procedure.objects.exists():
        from openprovince.demo.procedures import demo_procedures_load

        demo_procedures_load()
    definition = workflow_definition_current(kind="dossier")
    assert definition is not None
    procedures = list(Procedure.objects.all())
    local = list(Agency.objects.filter(type__code__in=["ward", "commune"]))
    rng, now = random.Random(6), timezone.now()
    sample: list[tuple[str, str]] = []
    for start in range(0, total, BATCH):
        cases, dossiers = [], []
        for n in range(start, min(total, start + BATCH)):
            agency, procedure = rng.choice(local), rng.choice(procedures)
            created = now - timedelta(minutes=rng.randint(0, 60 * 24 * 365))
            state = rng.choice(STATES)
            closed = state in {"returned", "refused", "withdrawn"}
            due = created + timedelta(days=procedure.processing_days + 2)
            day = timezone.localtime(created).strftime("%y%m%d")
            code = f"{agency.code}-{day}-{n % 10000:04d}{n // 10000:03d}"
            cases.append(
                Case(
                    code=code, kind="dossier", definition=definition, title=procedure.name,
                    state=state, agency=agency, created_at=created, state_entered_at=created,
                    due_at=due, closed_at=created + timedelta(days=2) if closed else None,
                    paused_at=created if state in {"supplement", "payment"} else None,
                )
            )  # fmt: skip
            dossiers.append(
                Dossier(
                    procedure=procedure, answers={"n": n}, contact_phone=phone(n),
                    appointment_at=due,
                )
            )  # fmt: skip
            if n % 1000 == 7:
                sample.append((code, phone(n)))
        Case.objects.bulk_create(cases)
        for case, dossier in zip(cases, dossiers, strict=True):
            dossier.case = case
        Dossier.objects.bulk_create(dossiers)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return sample


def time_lookup(sample: list[tuple[str, str]], runs: int) -> dict[str, Any]:
    client = Client()
    rng = random.Random(7)
    picks = [rng.choice(sample) for _ in range(runs + 5)]
    samples, statuses = [], []
    for n, (code, number) in enumerate(picks):
        started = time.perf_counter()
        response = client.post(
            "/dossiers/lookup",
            {"code": code, "phone": number},
            REMOTE_ADDR=f"10.9.{n // 250}.{n % 250 + 1}",
        )
        if n >= 5:  # the first few warm up
            samples.append((time.perf_counter() - started) * 1000)
            statuses.append(response.status_code)
    return {**percentiles(samples), "found": statuses.count(200), "runs": len(statuses)}


def time_search(runs: int) -> dict[str, Any]:
    client = Client()
    samples, hits = [], 0
    for n in range(runs + len(QUERIES)):
        query = QUERIES[n % len(QUERIES)]
        started = time.perf_counter()
        response = client.get("/procedures/", {"q": query})
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        if n >= len(QUERIES):  # one warm-up round
            samples.append(elapsed)
            hits += b"/procedures/1." in response.content
    return {**percentiles(samples), "with_results": hits, "runs": runs}


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    started = time.perf_counter()
    sample = seed(total)
    seeded_s = time.perf_counter() - started
    result = {
        "dossiers": Dossier.objects.count(),
        "procedures": Procedure.objects.count(),
        "seed_s": round(seeded_s, 1),
        "lookup": time_lookup(sample, 200),
        "search": time_search(200),
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
