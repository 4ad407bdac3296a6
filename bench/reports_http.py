"""Report submissions per second through the production server, over real HTTP.

What is measured: `POST /reports/new` as the report form sends it (multipart/form-data with
the CSRF token, an idempotency key, one 640×480 JPEG, a place, a category, a description) by
signed-in people, answered by Granian (WSGI, `config.settings.production`, as `make serve-prod`
starts it) with 2 worker processes, driven by `wrk` and bench/reports_submit.lua, on a database
that already holds N seeded reports. Nothing is pinned: server, wrk and the database server
share the machine's cores, as on a real 2-core host.

How: a Django subprocess (bench/reports_http_worker.py, same env as the seeding worker) creates
bench people with real sessions (auth's `login()` on a fresh SessionStore, as a sign-in leaves
it), a CSRF cookie each and the request bodies, written as a Lua data file; Granian starts with
the throttles lifted; wrk warms up for 2 s, then runs for `seconds`. Figures: new reports in
the database / wrk's measured duration (submissions/s), wrk's latency percentiles, answers that
were not a 302 to the new report (drafts: a similar report nearby, counted apart), and CPU
seconds (user + sys, from /proc) of the Granian process tree and of the database's PostgreSQL
backends per submission, and each Granian worker's share of the server's CPU: wrk keeps its
connections for the whole run and the kernel chooses which worker accepts each, so a run in
which a worker got none measured one process; it is run again (at most twice) and says so.
A sample of the new reports is checked: category as sent, photo stored, open.

    .venv/bin/python -m bench.reports_http [N] [--pg]     # N seeded reports (default 20,000)

`bench.reports` can call `http_submissions(env, seconds)` after its worker has seeded.
"""

from __future__ import annotations

import json
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from .server import (
    ROOT,
    ServerError,
    free_port,
    granian_command,
    granian_start,
    log_tail,
    server_stop,
    wait_healthy,
)
from .workers import base_env, pg_recreate, pg_url, worker_json

LUA = ROOT / "bench" / "reports_submit.lua"
PG_DB = "bench_reports_http"
PEOPLE = 400
PLACES = 20_000  # more than a warm-up plus a 10 s run can use: each place is used once
THREADS, CONNECTIONS = 2, 8
WARMUP_SECONDS = 2
MAX_REPEATS = 2  # measured runs again when a worker got no connection


# --- in the calling process ----------------------------------------------------------------


def _django(env: dict[str, str], args: list[str], timeout: int = 600) -> dict[str, Any]:
    """Run one of this module's Django entries in a subprocess; its last line is JSON."""
    return worker_json("bench.reports_http_worker", env, args, timeout)


_TICK = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, float, str]]:
    """pid -> (parent pid, user+sys CPU seconds, command line) for every process we can read."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # gone meanwhile
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        found[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK, cmdline)
    return found


def _cpu(root: int, database: str | None) -> tuple[dict[int, float], dict[int, float]]:
    """CPU seconds per process: Granian's tree (root and its descendants) and, for
    PostgreSQL, the backends connected to `database` ("postgres: … user database …")."""
    procs = _processes()
    tree, todo = {root}, [root]
    while todo:
        parent = todo.pop()
        for pid, (ppid, _cpu_s, _cmd) in procs.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                todo.append(pid)
    server = {pid: procs[pid][1] for pid in tree if pid in procs}
    db = {}
    if database:
        for pid, (_ppid, cpu_s, cmd) in procs.items():
            if cmd.startswith("postgres:") and f" {database} " in f" {cmd} ":
                db[pid] = cpu_s
    return server, db


def _machine() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine, all cores (/proc/stat's first line)."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values) - idle) / _TICK, sum(values) / _TICK


def _shares(root: int, before: dict[int, float], after: dict[int, float]) -> list[float]:
    """Each Granian worker's share of the workers' CPU during the run, largest first. wrk keeps
    its connections for the whole run, and which worker accepts each one is the kernel's
    choice: when one worker got them all, the other idles and the run measures one process."""
    spent = [cpu - before.get(pid, 0.0) for pid, cpu in after.items() if pid != root]
    total = sum(spent) or 1.0
    return sorted((s / total for s in spent if s / total >= 0.01), reverse=True)


def _spent(before: dict[int, float], after: dict[int, float]) -> float:
    # A process that started during the run counts from zero; one that ended is lost (rare:
    # Granian's workers and the connection pool's backends live through the run).
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def _wrk(url: str, seconds: float, data: Path, tag: str, first: int) -> dict[str, Any]:
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
        url,
        "--",
        str(data),
        tag,
        str(first),
        str(THREADS),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    for line in done.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            result: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
            return result
    raise RuntimeError(f"no figures from wrk:\n{done.stdout}\n{done.stderr}")


PROBE_FILES = 100


def _file_create_ms(env: dict[str, str]) -> float | None:
    """CPU (user + system) to create and write one 40 KB file in the folder the photos go to,
    just written by the warm-up. On an ext4 without a journal (this machine's disk) creating a
    file skips every inode freed in the last minutes (up to six), so right after a big folder
    was deleted it has cost 0.8 ms instead of 0.05: a figure to read the run by. The probe's
    files stay: deleting them would slow the next creations."""
    media = Path(env.get("MEDIA_ROOT") or Path(env["VAR_DIR"]) / "media")
    folders = sorted(media.glob("private/reports/*/*"))
    if not folders:
        return None
    content = b"\0" * 40_000
    started = time.process_time()
    for n in range(PROBE_FILES):
        handle = os.open(
            folders[-1] / f"probe-{uuid.uuid4().hex}-{n}", os.O_WRONLY | os.O_CREAT | os.O_EXCL
        )
        os.write(handle, content)
        os.close(handle)
    return (time.process_time() - started) * 1000 / PROBE_FILES


def http_submissions(env: dict[str, str], seconds: float, workers: int = 2) -> dict[str, Any]:
    """Submissions/s through Granian (`workers` processes) and wrk, on the database in `env`."""
    database = None
    if env.get("DATABASE_URL"):
        database = env["DATABASE_URL"].rsplit("/", 1)[1].split("?")[0]
    # One key for preparing and serving: a session's auth hash is signed with SECRET_KEY.
    secret = secrets.token_urlsafe(50)
    port = free_port()
    origin = f"https://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="op-bench-http-") as tmp:
        data, places, log = (
            Path(tmp) / "data.lua",
            Path(tmp) / "places.json",
            Path(tmp) / "server.log",
        )
        prep_env = {**env, "SECRET_KEY": secret}
        prepared = _django(
            prep_env, ["prepare", str(data), str(places), str(PEOPLE), str(PLACES), origin]
        )
        server_env = {
            k: v for k, v in env.items() if k not in {"LOG_LEVEL", "PAGE_CACHE_SECONDS", "DEBUG"}
        }  # production's own defaults: INFO request lines, as deployed
        server_env.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY=secret,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            TRUSTED_PROXIES="127.0.0.1",  # wrk plays the TLS proxy: X-Forwarded-For per person
            PYTHONUNBUFFERED="1",
        )
        command = granian_command(port, workers)
        # Not pinned: the workers, wrk and the database share the cores.
        proc = granian_start(command, server_env, log)
        url = f"http://127.0.0.1:{port}/reports/new"
        try:
            try:
                wait_healthy(proc, f"http://127.0.0.1:{port}/healthz", timeout=60)
            except ServerError as exc:
                raise RuntimeError(f"server did not start ({exc}):\n{log_tail(log)}") from exc
            # Warm-up: both workers import, connect, fill caches; its places are skipped next.
            warm = _wrk(url, WARMUP_SECONDS, data, "w" + uuid.uuid4().hex[:6], 0)
            first, repeated = warm["requests"] + 64, 0
            file_create_ms = _file_create_ms(env)
            while True:
                time.sleep(0.5)  # let the last answers finish before counting
                before = _django(env, ["count", "0", ""])
                cpu_before = _cpu(proc.pid, database)
                load_before = os.getloadavg()[0]
                machine_before = _machine()
                wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
                run = _wrk(url, seconds, data, "m" + uuid.uuid4().hex[:6], first)
                cpu_after = _cpu(proc.pid, database)
                machine_after = _machine()
                wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
                load_after = os.getloadavg()[0]
                shares = _shares(proc.pid, cpu_before[0], cpu_after[0])
                # wrk's connections all went to fewer workers than started: the run measured
                # fewer processes than the server has. Run again (new connections), and say so.
                if len(shares) >= workers or repeated == MAX_REPEATS:
                    break
                repeated += 1
                first += run["requests"] + 64
            time.sleep(0.5)
            after = _django(env, ["count", str(before["max_id"]), str(places)])
        finally:
            server_stop(proc)
        tail = log_tail(log, 30)
    new = after["bench_reports"] - before["bench_reports"]
    duration = run["duration_us"] / 1e6
    errors = run["errors"]
    socket_errors = errors["connect"] + errors["read"] + errors["write"] + errors["timeout"]
    server_s = _spent(cpu_before[0], cpu_after[0])
    db_s = _spent(cpu_before[1], cpu_after[1])
    wrk_s = (wrk_after.ru_utime + wrk_after.ru_stime) - (wrk_before.ru_utime + wrk_before.ru_stime)
    busy_s = machine_after[0] - machine_before[0]
    result: dict[str, Any] = {
        "database": "postgresql" if database else "sqlite",
        "workers": workers,
        "connections": CONNECTIONS,
        "seconds": duration,
        "requests": run["requests"],
        "new_reports": new,
        "per_s": new / duration,
        "p50_ms": run["p50_us"] / 1000,
        "p95_ms": run["p95_us"] / 1000,
        "p99_ms": run["p99_us"] / 1000,
        "max_ms": run["max_us"] / 1000,
        "sent": run["sent"],
        "drafts": run["drafts"],
        "not_302": run["other"],
        "statuses": run["statuses"],
        "s5xx": run["s5xx"],
        "socket_errors": socket_errors,
        "server_cpu_ms": server_s * 1000 / max(1, new),
        "worker_shares": shares,
        "repeated": repeated,
        "db_cpu_ms": db_s * 1000 / max(1, new) if database else None,
        "wrk_cpu_ms": wrk_s * 1000 / max(1, new),
        # Cores busy on average during the run, and how much of that was not this bench
        # (another user of the shared machine): figures are only comparable when it is ~0.
        "cores_busy": busy_s / duration,
        "others_cores": max(0.0, busy_s - server_s - db_s - wrk_s) / duration,
        "load": max(load_before, load_after),
        "warmup_requests": warm["requests"],
        "checked": after.get("checked", 0),
        "problems": after["problems"],
        "people": prepared["people"],
        "file_create_ms": file_create_ms,
    }
    if run["other"] or socket_errors or after["problems"]:
        result["log_tail"] = tail
    return result


def _connections_note(r: dict[str, Any], *, workers: int) -> str:
    said = ""
    if r["repeated"]:
        said = f" (run {r['repeated'] + 1} times: a worker got none of wrk's connections before)"
    if len(r["worker_shares"]) < workers:
        said += " (a worker got no connection: this run measured fewer processes)"
    return said


def _disk_note(ms: float | None) -> str:
    if ms is None:
        return ""
    return (
        f"  creating a 40 KB file where the photos go: {ms:.2f} ms CPU before the run (two per "
        "report; slow right after many files were deleted, bench/README.md)\n"
    )


def http_print(r: dict[str, Any]) -> None:
    """The figures of one http_submissions run, as a few indented lines."""
    db = f", database {r['db_cpu_ms']:.1f} ms" if r["db_cpu_ms"] is not None else ""
    print(
        f"[{r['database']}] Granian {r['workers']} workers, wrk -t{THREADS} -c{r['connections']}, "
        f"{r['seconds']:.1f} s: {r['new_reports']} new reports = {r['per_s']:.1f} submissions/s "
        f"({r['requests']} requests: {r['sent']} sent, {r['drafts']} drafts, "
        f"{r['not_302']} not 302 {r['statuses'] or ''}, {r['s5xx']} 5xx, "
        f"{r['socket_errors']} socket errors)\n"
        f"  latency p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, "
        f"max {r['max_ms']:.1f} ms\n"
        f"  CPU per new report: server {r['server_cpu_ms']:.1f} ms{db}, wrk "
        f"{r['wrk_cpu_ms']:.1f} ms; cores busy {r['cores_busy']:.2f} of {os.cpu_count()}, of "
        f"which {r['others_cores']:.2f} by other processes; load average {r['load']:.1f}\n"
        f"  workers' shares of the server's CPU: "
        f"{' / '.join(f'{share:.0%}' for share in r['worker_shares'])}"
        f"{_connections_note(r, workers=r['workers'])}\n"
        f"{_disk_note(r.get('file_create_ms'))}"
        f"  checked {r['checked']} new reports: {len(r['problems'])} problem(s) "
        f"{'; '.join(r['problems'][:5])}"
    )
    if "log_tail" in r:
        print("  server log tail:\n" + r["log_tail"])


def main() -> None:
    args = sys.argv[1:]
    pg = "--pg" in args
    numbers = [a for a in args if a != "--pg"]
    total = int(numbers[0]) if numbers else 20_000
    seconds = float(os.environ.get("BENCH_SECONDS", "10"))
    from .reports import LIMITS  # not at the top: bench.reports imports this module

    with tempfile.TemporaryDirectory(prefix="op-bench-reports-") as var:
        env = {**base_env(**LIMITS), "VAR_DIR": var}
        if pg:
            if not pg_recreate(PG_DB):
                return
            env["DATABASE_URL"] = pg_url(PG_DB)
        print(f"seeding {total:,} reports ({'postgresql' if pg else 'sqlite'})…", flush=True)
        seeded = _django(env, ["seed", str(total)], timeout=4 * 3600)
        print(f"  {seeded['reports']:,} reports in {seeded['seed_s']:.0f} s", flush=True)
        result = http_submissions(env, seconds)
        http_print(result)
        print("BENCH_RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
