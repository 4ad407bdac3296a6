"""count_up_to: a throttle's count stops at its limit."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from openprovince.core.counting import count_up_to
from openprovince.core.models import AuditEvent


def _events(count: int) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(action="lookup.test", ip="10.0.0.9", actor_label="") for _ in range(count)
    )


def test_the_count_stops_at_the_limit(db: Any) -> None:
    _events(7)
    rows = AuditEvent.objects.filter(action="lookup.test")
    assert count_up_to(rows, 5) == 5
    assert count_up_to(rows, 7) == 7
    assert count_up_to(rows, 100) == 7
    assert count_up_to(rows.filter(ip="10.0.0.1"), 5) == 0


def test_the_database_is_asked_for_at_most_the_limit(db: Any) -> None:
    _events(3)
    with CaptureQueriesContext(connection) as queries:
        assert count_up_to(AuditEvent.objects.filter(action="lookup.test"), 2) == 2
    [query] = queries.captured_queries
    assert "LIMIT 2" in query["sql"] and "COUNT(*)" in query["sql"]


def test_a_limit_of_nothing_counts_nothing_and_asks_nothing(db: Any) -> None:
    _events(1)
    with CaptureQueriesContext(connection) as queries:
        assert count_up_to(AuditEvent.objects.all(), 0) == 0
    assert queries.captured_queries == []
