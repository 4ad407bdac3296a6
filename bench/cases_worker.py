"""Measured inside one Django process (run by bench.cases with the database in the env):
seed N cases, then time the inbox's first page and case transitions. Prints one JSON line."""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.workers import percentiles  # noqa: E402
from openprovince.accounts.models import RoleAssignment, User  # noqa: E402
from openprovince.agencies.models import Agency  # noqa: E402
from openprovince.cases.definitions import workflow_definition_current, workflow_definition_save  # noqa: E402
from openprovince.cases.models import Case  # noqa: E402
from openprovince.cases.services.opening import case_open  # noqa: E402
from openprovince.cases.services.transitions import case_transition  # noqa: E402
from openprovince.core.access import SECOND_FACTOR_KEY  # noqa: E402
from tests.cases.conftest import general_request  # noqa: E402

STATES = ["received", "in_progress", "waiting_citizen", "resolved"]


def seed(total: int) -> None:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # pages use hashed static names
    call_command("load_demo_province", verbosity=0)
    definition = workflow_definition_save(data=general_request())
    wards = list(Agency.objects.filter(type__code__in=["ward", "commune"]))
    rng, now = random.Random(1), timezone.now()
    batch: list[Case] = []
    for n in range(total):
        state = rng.choice(STATES)
        created = now - timedelta(minutes=rng.randint(0, 60 * 24 * 90))
        batch.append(
            Case(
                code=f"BENCH-{n:07d}",
                kind="general-request",
                definition=definition,
                title=f"Phản ánh số {n}",
                state=state,
                agency=rng.choice(wards),
                state_entered_at=created,
                due_at=created + timedelta(days=14),
                paused_at=created if state == "waiting_citizen" else None,
                closed_at=created if state == "resolved" else None,
            )
        )
        if len(batch) == 5000:
            Case.objects.bulk_create(batch)
            batch.clear()
    Case.objects.bulk_create(batch)
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum/ANALYZE would give
        cursor.execute("ANALYZE")


def official(username: str, code: str, role: str) -> Client:
    user = User.objects.create_user(username, password="x" * 12, is_staff=True)
    RoleAssignment.objects.create(user=user, agency=Agency.objects.get(code=code), role=role)
    client = Client()
    client.force_login(user)
    session = client.session
    session[SECOND_FACTOR_KEY] = True
    session.save()
    return client


def time_inbox(client: Client, runs: int) -> dict[str, float]:
    for _ in range(3):
        client.get("/office/")
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get("/office/")
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return percentiles(samples)


def time_transitions(count: int) -> float:
    handler = User.objects.create_user("bench.xuly", password="x" * 12, is_staff=True)
    RoleAssignment.objects.create(
        user=handler, agency=Agency.objects.get(code="TN"), role="handler"
    )
    ward = Agency.objects.get(code="TN.P.TANNINH")
    ids = [case_open(kind="general-request", title="Đo", agency=ward).pk for _ in range(count)]
    started = time.perf_counter()
    for pk in ids:
        case_transition(case_id=pk, action="accept", actor=handler)
    return count / (time.perf_counter() - started)


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    started = time.perf_counter()
    seed(total)
    seeded_s = time.perf_counter() - started
    assert workflow_definition_current(kind="general-request") is not None
    result = {
        "cases": Case.objects.count(),
        "seed_s": round(seeded_s, 1),
        "inbox_province": time_inbox(official("bench.tinh", "TN", "province_admin"), 60),
        "inbox_ward": time_inbox(official("bench.phuong", "TN.P.TANNINH", "handler"), 60),
        "transitions_per_s": time_transitions(1000),
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
