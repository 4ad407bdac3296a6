"""The SQLite backend queues writers on a lock file (openprovince.core.sqlite).

The test database is in memory (nothing to share, no lock); these tests open file databases
of their own, one connection per thread as Django gives each server thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from config.env import sqlite_database
from openprovince.core.sqlite.base import DatabaseWrapper
from openprovince.core.sqlite.writer_lock import WriterLock

HOLD = 0.3  # seconds the first writer keeps its transaction open


@pytest.fixture
def handler(tmp_path: Path, django_db_blocker: Any) -> Iterator[ConnectionHandler]:
    handler = ConnectionHandler({"default": sqlite_database(tmp_path / "db.sqlite3")})
    with django_db_blocker.unblock():  # these are not the test database
        connection = handler["default"]
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE t (n INTEGER, thread TEXT)")
        yield handler
        handler.close_all()


def _begin(connection: Any) -> None:
    """What transaction.atomic() does on entering the outermost block."""
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def _end(connection: Any, *, commit: bool = True) -> None:
    connection.commit() if commit else connection.rollback()
    connection.set_autocommit(True)


def _rows(connection: Any) -> list[tuple[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT n, thread FROM t ORDER BY rowid")
        return list(cursor.fetchall())


def _in_thread(handler: ConnectionHandler, work: object) -> tuple[threading.Thread, list[float]]:
    """Run work(connection) in a thread with its own connection; returns (thread, [waited])."""
    waited: list[float] = []

    def run() -> None:
        connection = handler["default"]  # this thread's own connection
        started = time.perf_counter()
        work(connection)  # type: ignore[operator]
        waited.append(time.perf_counter() - started)
        connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, waited


def test_the_engine_is_the_locking_backend(handler: ConnectionHandler) -> None:
    connection: Any = handler["default"]
    assert isinstance(connection, DatabaseWrapper)
    assert connection.vendor == "sqlite"
    assert connection.writer_lock is not None
    assert connection.writer_lock.path.name == "db.sqlite3.writer"


def test_a_transaction_holds_the_lock_until_commit_or_rollback(
    handler: ConnectionHandler,
) -> None:
    connection: Any = handler["default"]
    lock = connection.writer_lock
    assert lock is not None and not lock.held
    _begin(connection)
    assert lock.held
    _end(connection, commit=True)
    assert not lock.held
    _begin(connection)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1, 'main')")
    _end(connection, commit=False)
    assert not lock.held
    assert _rows(connection) == []  # rolled back
    _begin(connection)
    connection.close()  # a connection closed mid-transaction lets go too
    assert not lock.held


def test_a_second_writer_waits_for_the_first_transaction(handler: ConnectionHandler) -> None:
    first = handler["default"]
    _begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1, 'first')")

    def second_transaction(connection: Any) -> None:
        _begin(connection)
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (2, 'second')")
        _end(connection)

    def autocommit_write(connection: Any) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (3, 'autocommit')")

    second, second_waited = _in_thread(handler, second_transaction)
    third, third_waited = _in_thread(handler, autocommit_write)
    time.sleep(HOLD)
    assert second.is_alive() and third.is_alive()  # both queued behind the first
    _end(first)
    second.join(5)
    third.join(5)
    assert second_waited[0] >= HOLD * 0.8 and third_waited[0] >= HOLD * 0.8
    rows = _rows(first)
    assert rows[0] == (1, "first")
    assert sorted(rows[1:]) == [(2, "second"), (3, "autocommit")]


def test_reads_never_wait_for_a_writer(handler: ConnectionHandler) -> None:
    first = handler["default"]
    _begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1, 'first')")
    seen: list[list[tuple[int, str]]] = []
    reader, waited = _in_thread(handler, lambda connection: seen.append(_rows(connection)))
    reader.join(5)
    assert seen == [[]]  # the committed state, at once (WAL)
    assert waited[0] < HOLD
    _end(first)


def test_many_writers_in_threads_lose_nothing(handler: ConnectionHandler) -> None:
    def writes(connection: Any) -> None:
        name = threading.current_thread().name
        for n in range(50):
            _begin(connection)
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO t VALUES (%s, %s)", [n, name])
            _end(connection)
            with connection.cursor() as cursor:  # and one autocommit write between
                cursor.execute("UPDATE t SET n = n WHERE thread = %s AND n = %s", [name, n])

    threads = [_in_thread(handler, writes)[0] for _ in range(4)]
    for thread in threads:
        thread.join(30)
    assert len(_rows(handler["default"])) == 200


def test_a_failed_begin_lets_go(
    handler: ConnectionHandler, monkeypatch: pytest.MonkeyPatch
) -> None:
    connection: Any = handler["default"]
    connection.ensure_connection()

    def busy(self: object) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr(
        "django.db.backends.sqlite3.base.DatabaseWrapper._start_transaction_under_autocommit",
        busy,
    )
    with pytest.raises(OperationalError):
        _begin(connection)
    assert connection.writer_lock is not None and not connection.writer_lock.held


def test_no_lock_for_memory_databases() -> None:
    assert WriterLock.for_database(":memory:") is None
    assert WriterLock.for_database("file:memorydb_default?mode=memory&cache=shared") is None
    assert WriterLock.for_database("/srv/openprovince/db.sqlite3") is not None


def test_nested_acquires_count(tmp_path: Path) -> None:
    lock = WriterLock(tmp_path / "x.sqlite3")
    other = WriterLock(tmp_path / "x.sqlite3")
    with lock:
        with lock:
            assert lock.held
        assert lock.held
    assert not lock.held
    got = threading.Event()

    def take() -> None:
        with other:
            got.set()

    lock.acquire()
    thread = threading.Thread(target=take)
    thread.start()
    assert not got.wait(0.2)  # another holder (another open file) waits
    lock.release()
    assert got.wait(5)
    thread.join(5)
    lock.close()
    other.close()
