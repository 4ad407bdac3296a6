"""Django's SQLite backend, with writers queued on a lock file (writer_lock.py).

Every write transaction takes the lock before `BEGIN IMMEDIATE` and lets go after COMMIT or
ROLLBACK; a write statement outside a transaction (autocommit) takes it around itself. Reads
never take it (WAL lets them run beside the writer). SQLite's own busy timeout stays as the
backstop for writers that do not use this backend (the sqlite3 shell, another tool).
"""

from __future__ import annotations

import re
from typing import Any

from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper
from django.db.backends.sqlite3.base import SQLiteCursorWrapper

from .writer_lock import WriterLock

# Statements that write; anything else in autocommit (SELECT, PRAGMA, BEGIN …) runs unlocked.
_WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)


class LockingCursorWrapper(SQLiteCursorWrapper):
    def __init__(self, connection: Any, lock: WriterLock) -> None:
        super().__init__(connection)
        self.writer_lock = lock

    def execute(self, query: str, params: Any = None) -> Any:
        if self.connection.in_transaction or not _WRITES.match(query):
            return super().execute(query, params)
        with self.writer_lock:
            return super().execute(query, params)

    def executemany(self, query: str, param_list: Any) -> Any:
        if self.connection.in_transaction or not _WRITES.match(query):
            return super().executemany(query, param_list)
        with self.writer_lock:
            return super().executemany(query, param_list)


class DatabaseWrapper(SQLiteDatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.writer_lock = WriterLock.for_database(str(self.settings_dict["NAME"]))

    def create_cursor(self, name: str | None = None) -> Any:
        lock = self.writer_lock
        if lock is None:
            return super().create_cursor(name)
        return self.connection.cursor(factory=lambda conn: LockingCursorWrapper(conn, lock))

    def _start_transaction_under_autocommit(self) -> None:
        if self.writer_lock is None:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # private, not in the stubs
            return
        self.writer_lock.acquire()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # private, not in the stubs
        except BaseException:
            self.writer_lock.release_all()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]  # private, not in the stubs
        finally:
            self._writer_done()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]  # private, not in the stubs
        finally:
            self._writer_done()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]  # private, not in the stubs
        finally:
            if self.writer_lock is not None:
                self.writer_lock.close()

    def _writer_done(self) -> None:
        if self.writer_lock is not None and not (
            self.connection is not None and self.connection.in_transaction
        ):
            self.writer_lock.release_all()
