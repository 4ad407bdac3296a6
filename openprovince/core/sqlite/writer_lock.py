"""One writer at a time across processes, queued by the kernel (an flock on a lock file).

SQLite lets one connection write at a time; another writer waits in SQLite's busy handler,
which sleeps 1, 2, 5, 10, 15 … ms between tries. A write transaction here takes 1–3 ms, so two
busy processes spent a third of their time asleep with the database already free. A writer
blocked on flock() is woken by the kernel the moment the holder lets go.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: SQLite's busy handler alone
    fcntl = None  # type: ignore[assignment]


class WriterLock:
    """An exclusive flock on `<database>.writer`, held by one connection (so one thread) at a
    time; nested acquires of the same holder only count."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".writer")
        self._fd: int | None = None
        self._depth = 0

    @classmethod
    def for_database(cls, name: str) -> WriterLock | None:
        """None where there is nothing to share: in-memory databases (the tests') and systems
        without flock."""
        if fcntl is None or not name or name == ":memory:" or name.startswith("file:"):
            return None
        return cls(Path(name))

    @property
    def held(self) -> bool:
        return self._depth > 0

    def acquire(self) -> None:
        if self._depth == 0:
            if self._fd is None:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        self._depth += 1

    def release(self) -> None:
        if self._depth == 0:
            return
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def release_all(self) -> None:
        """Let go whatever the depth (a transaction ended, or the connection closes)."""
        if self._depth:
            self._depth = 1
            self.release()

    def close(self) -> None:
        self.release_all()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
