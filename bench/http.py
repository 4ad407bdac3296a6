"""HTTP throughput and latency of the production server on one core, measured with wrk.

Server on CPU 0, wrk on CPU 1 (taskset), so "req/s" is what one core of the server gives.
Each database is measured with the page cache as configured ("cached") and with
PAGE_CACHE_SECONDS=0 ("uncached"), which is the cost of a real render.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass

from .pages import ENDPOINTS, Endpoint
from .server import (
    PROXY_HEADERS,
    Server,
    ServerError,
    granian_command,
    pin,
    postgres_reachable,
    prepared_site,
    serve,
)
from .table import Cell, mark, print_table

WRK_SECONDS = 10
WRK_SECONDS_QUICK = 3
WARMUP_SECONDS = 2
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_TIME = re.compile(r"([\d.]+)(us|ms|s|m|h)\b")


@dataclass(frozen=True)
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # socket errors + non-2xx/3xx answers


def to_ms(text: str) -> float:
    """wrk prints `523.00us`, `1.20ms`, `1.01s`; everything becomes milliseconds."""
    match = _TIME.fullmatch(text.strip())
    if not match:
        raise ValueError(f"not a wrk time: {text!r}")
    return float(match.group(1)) * _UNIT_MS[match.group(2)]


def parse_wrk(output: str) -> WrkResult:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    if not (rps and p50 and p99):
        raise ValueError(f"unexpected wrk output:\n{output}")
    errors = 0
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket:
        errors += sum(int(n) for n in socket.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    return WrkResult(float(rps.group(1)), to_ms(p50.group(1)), to_ms(p99.group(1)), errors)


def wrk(url: str, seconds: int) -> WrkResult:
    headers = [arg for k, v in PROXY_HEADERS.items() for arg in ("-H", f"{k}: {v}")]
    command = [*pin(1), "wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", *headers, url]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A 301 must show up as a 301: following it would hide that every load was a redirect.
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def status_of(url: str) -> int:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=PROXY_HEADERS), timeout=10) as r:
            return int(r.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def _cpu0_ticks() -> tuple[int, int] | None:
    """(busy, total) jiffies of CPU 0, to tell whether the server core was saturated."""
    try:
        with open("/proc/stat") as stat:
            for line in stat:
                if line.startswith("cpu0 "):
                    values = [int(v) for v in line.split()[1:]]
                    idle = values[3] + values[4]  # idle + iowait
                    return sum(values) - idle, sum(values)
    except OSError:
        pass
    return None


def _measure(
    server: Server, endpoint: Endpoint, seconds: int
) -> tuple[int, WrkResult, float | None]:
    url = server.base_url + endpoint.path
    status = status_of(url)
    if status != 200:
        print(f"  ! {server.label} {endpoint.path} answers {status}, not 200: figures are void")
    wrk(url, WARMUP_SECONDS)  # fill caches, connection pool, bytecode: measure steady state
    before = _cpu0_ticks()
    result = wrk(url, seconds)
    after = _cpu0_ticks()
    cpu0 = None
    if before and after and after[1] > before[1] and pin(0):
        cpu0 = 100.0 * (after[0] - before[0]) / (after[1] - before[1])
    return status, result, cpu0


def _row(
    db: str, mode: str, endpoint: Endpoint, status: int, r: WrkResult, cpu0: float | None
) -> list[Cell]:
    ok = status == 200 and r.rps >= endpoint.min_rps and r.p99_ms <= endpoint.max_p99_ms
    goal = f"≥{endpoint.min_rps:g}/s, p99≤{endpoint.max_p99_ms:g}"
    return [
        db,
        mode,
        endpoint.name,
        status,
        r.rps,
        r.p50_ms,
        r.p99_ms,
        r.errors,
        cpu0,
        goal,
        mark(ok),
    ]


def main(*, quick: bool = False) -> None:
    if not shutil.which("wrk"):
        print("\nHTTP: wrk is not installed (apt-get install wrk); skipped.")
        return
    seconds = WRK_SECONDS_QUICK if quick else WRK_SECONDS
    modes: list[tuple[str, dict[str, str]]] = [("cached", {})]
    if not quick:
        modes.append(("uncached", {"PAGE_CACHE_SECONDS": "0"}))
    print(
        f"\nHTTP load: nproc={os.cpu_count()}, wrk -t2 -c32 -d{seconds}s --latency "
        f"(after a {WARMUP_SECONDS}s warm-up), header X-Forwarded-Proto: https"
    )
    print(
        "server: " + " ".join([*pin(0), *granian_command(0)]).replace("--port 0", "--port <free>")
    )
    if not pin(0):
        print("taskset not found: server and wrk share the cores; req/s is not per core.")
    rows: list[list[Cell]] = []
    for database in ("sqlite", "postgresql"):
        if database == "postgresql" and (reason := postgres_reachable()):
            print(f"PostgreSQL unreachable ({reason}): its rows are skipped.")
            continue
        try:
            with prepared_site(database) as site:
                for mode, extra in modes:
                    with serve(site, extra) as server:
                        for endpoint in ENDPOINTS:
                            status, result, cpu0 = _measure(server, endpoint, seconds)
                            rows.append(_row(database, mode, endpoint, status, result, cpu0))
        except ServerError:
            print(f"{database}: server did not start (log above); its rows are skipped.")
    headers = [
        "database",
        "page cache",
        "endpoint",
        "status",
        "req/s (1 core)",
        "p50 ms",
        "p99 ms",
        "errors",
        "cpu0 %",
        "goal",
        "met",
    ]
    print_table("HTTP throughput (server pinned to CPU 0, wrk to CPU 1)", headers, rows)
