"""Start the production server the way `make serve-prod` does, on a throw-away database.

Each run gets its own VAR_DIR (SQLite file, static root, media) so figures never depend on
the developer's var/ and a run never touches it. The server is pinned to CPU 0 so that wrk,
pinned to CPU 1, does not steal its cycles: the figures are then "per core".
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# What the TLS proxy adds in production; without it production settings answer 301 to https.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "bench_openprovince"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
# Variables of the caller's shell that would change what is measured.
_SCRUB = (
    "DATABASE_URL",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "SECRET_KEY",
    "DEBUG",
    "CACHE_URL",
    "PAGE_CACHE_SECONDS",
    "SECURE_SSL_REDIRECT",
)


@dataclass(frozen=True)
class Server:
    label: str
    base_url: str
    command: list[str]
    log: Path


class ServerError(RuntimeError):
    pass


def pin(cpu: int) -> list[str]:
    """`taskset -c N` when available, so server and load generator get a core each."""
    return ["taskset", "-c", str(cpu)] if shutil.which("taskset") else []


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_reachable() -> str | None:
    """None when PostgreSQL answers, else the reason (the caller prints it and skips)."""
    import psycopg

    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0]


def _postgres_recreate() -> None:
    # A fresh database per run: no leftover rows or bloat from the previous run.
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_DB}"')


def granian_command(port: int, workers: int = 1) -> list[str]:
    """The same Granian line as `make serve-prod` (WORKERS=workers, THREADS=1)."""
    return [
        str(BIN / "granian"),
        "--interface",
        "wsgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        "1",
        "--no-ws",
        "config.wsgi:application",
    ]


def granian_start(command: list[str], env: Mapping[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start the server in its own session (stopped with its workers), output to `log`."""
    with log.open("a") as out:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _env(database: str, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SCRUB}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),  # 67 characters; production wants >= 50
        ALLOWED_HOSTS="127.0.0.1,localhost",
        VAR_DIR=str(var_dir),
        PYTHONUNBUFFERED="1",
    )
    if database == "postgresql":
        env["DATABASE_URL"] = PG_URL
    return env


def log_tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _report_failure(database: str, exc: Exception, log: Path) -> None:
    print(f"[{database}] server start-up failed: {exc}. Last lines of its log:", file=sys.stderr)
    print(log_tail(log), file=sys.stderr)


def _prepare(env: dict[str, str], log: Path) -> None:
    """migrate, demo data, collectstatic: what `make serve-prod` and `make demo` do first."""
    steps = (
        ["migrate", "--noinput"],
        ["load_demo_province"],
        # Production settings refuse to serve while the demo officials (published passwords)
        # exist; the benchmark needs only the demo agencies.
        ["remove_demo_accounts"],
        ["collectstatic", "--noinput"],
    )
    for step in steps:
        with log.open("a") as out:
            out.write(f"$ manage.py {' '.join(step)}\n")
            out.flush()
            done = subprocess.run(
                [sys.executable, "manage.py", *step],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if done.returncode != 0:
            raise ServerError(f"manage.py {step[0]} exited with {done.returncode}")


def _status(url: str) -> int:
    request = urllib.request.Request(url, headers=PROXY_HEADERS)
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def wait_healthy(proc: subprocess.Popen[bytes], url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerError(f"server exited with {proc.returncode}")
        try:
            if _status(url) == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.2)
    raise ServerError(f"no 200 from {url} within {timeout:.0f} s")


def server_stop(proc: subprocess.Popen[bytes]) -> None:
    # SIGTERM lets Granian stop its worker; the process group is ours (start_new_session).
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


@dataclass(frozen=True)
class Site:
    """A prepared VAR_DIR + database: served several times with different settings."""

    database: str
    env: dict[str, str]
    log: Path


@contextmanager
def prepared_site(database: str = "sqlite") -> Iterator[Site]:
    """Migrate, load the demo and collect static files for `database` ("sqlite"/"postgresql")."""
    if database not in {"sqlite", "postgresql"}:
        raise ValueError(f"unknown database {database!r}")
    with tempfile.TemporaryDirectory(prefix="op-bench-") as tmp:
        var_dir = Path(tmp) / "var"
        var_dir.mkdir()  # production settings do not create it (bin/prod-secret-key does)
        log = Path(tmp) / "server.log"
        env = _env(database, var_dir)
        try:
            if database == "postgresql":
                _postgres_recreate()
            _prepare(env, log)
        except ServerError as exc:
            _report_failure(database, exc, log)
            raise
        yield Site(database=database, env=env, log=log)


@contextmanager
def serve(site: Site, extra_env: Mapping[str, str] | None = None) -> Iterator[Server]:
    """Run Granian on a prepared site until the block ends; `extra_env` overrides settings."""
    port = free_port()
    command = granian_command(port)
    with site.log.open("a") as out:
        out.write(f"$ {' '.join(command)}  # extra env: {dict(extra_env or {})}\n")
    proc = granian_start([*pin(0), *command], {**site.env, **(extra_env or {})}, site.log)
    base_url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_healthy(proc, f"{base_url}/healthz", timeout=30)
        except ServerError as exc:
            _report_failure(site.database, exc, site.log)
            raise
        yield Server(label=site.database, base_url=base_url, command=command, log=site.log)
    finally:
        server_stop(proc)


@contextmanager
def production_server(
    database: str = "sqlite", extra_env: Mapping[str, str] | None = None
) -> Iterator[Server]:
    """Prepare a site and serve it once: the usual way in."""
    with prepared_site(database) as site, serve(site, extra_env) as server:
        yield server
