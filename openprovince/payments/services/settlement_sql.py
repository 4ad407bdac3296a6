"""The settlement's writes as plain SQL: the hot path of every payment callback.

Each statement writes what `Model.save(update_fields=…)` / `objects.create()` wrote before,
with the values adapted the way the ORM adapts them (`adapt_datetimefield_value`: naive UTC
text on SQLite, aware on PostgreSQL), but without building a query per call: on a slow
core the ORM's compiling of each statement was most of a callback's CPU time (issue 8), and
on SQLite all of it is spent holding the one write lock.

Only SQL both SQLite (≥ 3.24) and PostgreSQL understand. The callers hold the attempt's and
the order's row locks (`payment_settle`); these functions check nothing themselves.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from openprovince.core.rows import row_columns, row_reader, row_update

from ..models import LedgerEntry, Order, PaymentAttempt


def _db() -> BaseDatabaseWrapper:
    """This thread's connection to the database the settlement's transaction is on."""
    return connections[DEFAULT_DB_ALIAS]


def _table(model: type[Any]) -> str:
    return str(_db().ops.quote_name(model._meta.db_table))


@functools.cache
def _sql() -> dict[str, str]:
    """The statements, built once from the models' table and column names (no outside
    text: every value is a "%s" parameter, which Django's cursor turns into SQLite's "?")."""
    attempt_columns, order_columns = row_columns(PaymentAttempt, "a."), row_columns(Order, "o.")
    return {
        # Every column of both (full model instances, as select_related gave), by the
        # unique (provider, provider_ref).
        "attempt_order": (
            f"SELECT {attempt_columns}, {order_columns} FROM {_table(PaymentAttempt)} a "  # noqa: S608
            f"INNER JOIN {_table(Order)} o ON o.id = a.order_id "
            "WHERE a.provider = %s AND a.provider_ref = %s"
        ),
        # The ledger's unique (kind, provider, provider_txn_id) decides: a transaction
        # already booked inserts nothing (rowcount 0) and, unlike an IntegrityError, needs
        # no savepoint around it to keep the transaction usable.
        "ledger": (
            f"INSERT INTO {_table(LedgerEntry)} (order_id, attempt_id, kind, amount, provider, "  # noqa: S608
            "provider_txn_id, note, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (kind, provider, provider_txn_id) DO NOTHING"
        ),
        "order_paid": (
            f"UPDATE {_table(Order)} SET status = %s, paid_at = %s, paid_by_id = %s, "  # noqa: S608
            "updated_at = %s WHERE id = %s"
        ),
    }


def attempt_with_order_locked(*, provider: str, provider_ref: str) -> PaymentAttempt | None:
    """The attempt `provider_ref` of `provider` with its order (`attempt.order`), both rows
    locked until the transaction ends: PostgreSQL FOR UPDATE OF both; SQLite has no row
    locks, and its IMMEDIATE transaction already holds the one write lock. One statement
    where the ORM needed two (or one select_related it compiled per call)."""
    db = _db()
    sql = _sql()["attempt_order"]
    if db.features.has_select_for_update_of:
        sql += " FOR UPDATE OF a, o"
    with db.cursor() as cursor:
        cursor.execute(sql, [provider, provider_ref])
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(PaymentAttempt._meta.concrete_fields)
    attempt: PaymentAttempt = row_reader(PaymentAttempt, db)(row[:split])
    attempt.order = row_reader(Order, db)(row[split:])
    return attempt


def _execute(sql: str, params: list[Any]) -> int:
    with _db().cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def _when(moment: datetime | None) -> Any:
    return _db().ops.adapt_datetimefield_value(moment)


def attempt_write(attempt: PaymentAttempt) -> None:
    """Store the attempt's status, provider_txn_id, result_code and settled_at (as
    `attempt.save(update_fields=[…])` did)."""
    row_update(attempt, ["status", "provider_txn_id", "result_code", "settled_at"])


def ledger_payment_insert(
    *, order: Order, attempt: PaymentAttempt, amount: int, provider: str, txn_id: str,
    note: str, at: datetime,
) -> bool:  # fmt: skip
    """One PAYMENT ledger entry for provider transaction `txn_id`; False (and nothing
    written) when that transaction is already in the ledger."""
    params = [order.pk, attempt.pk, LedgerEntry.Kind.PAYMENT.value, amount, provider, txn_id,
              note, _when(at)]  # fmt: skip
    return _execute(_sql()["ledger"], params) == 1


def order_paid_write(order: Order) -> None:
    """Store the order's status, paid_at, paid_by and updated_at (as `order.save(…)`), with
    updated_at as the caller set it (the settlement's moment, as paid_at): row_update would
    run updated_at's auto_now and move it."""
    _execute(
        _sql()["order_paid"],
        [order.status, _when(order.paid_at), order.paid_by_id, _when(order.updated_at),
         order.pk],
    )  # fmt: skip
