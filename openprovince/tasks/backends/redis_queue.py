"""The `redis` backend: a Redis list per queue, for several worker machines.

Keys for queue `q` (prefix `TASKS_REDIS_PREFIX`):
- `{prefix}:q` — ready jobs (LPUSH in, RPOP out: first in, first out);
- `{prefix}:q:processing` — claimed jobs, a sorted set scored by lease deadline;
- `{prefix}:q:delayed` — jobs with a future `run_after`, scored by that time;
- `{prefix}:q:failed` — the last 1,000 jobs that failed for good.

A job is `"<attempts>|<json>"`. Claiming is one Lua script (atomic in Redis): it moves due
delayed jobs and jobs whose lease ran out (their worker was killed) back to the ready list,
pops one, adds one to its attempt count and files it under processing with a deadline.
Delivery is therefore at least once: a job can run again if its worker dies after the work
but before the acknowledgement, or outlives `TASKS_VISIBILITY_TIMEOUT`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import redis
from django.conf import settings

from .base import Job

CLAIM = """
local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[1], 'LIMIT', 0, 100)
for _, item in ipairs(due) do
  redis.call('ZREM', KEYS[3], item)
  redis.call('LPUSH', KEYS[1], item)
end
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1], 'LIMIT', 0, 100)
for _, item in ipairs(expired) do
  redis.call('ZREM', KEYS[2], item)
  redis.call('RPUSH', KEYS[1], item)
end
local item = redis.call('RPOP', KEYS[1])
if not item then return false end
local bar = string.find(item, '|', 1, true)
local claimed = (tonumber(string.sub(item, 1, bar - 1)) + 1) .. string.sub(item, bar)
redis.call('ZADD', KEYS[2], ARGV[2], claimed)
return claimed
"""
# Move a claimed job on (delayed or failed) only if it is still ours.
SETTLE = """
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
if ARGV[2] == 'retry' then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
elseif ARGV[2] == 'fail' then
  redis.call('LPUSH', KEYS[3], ARGV[4])
  redis.call('LTRIM', KEYS[3], 0, 999)
end
return 1
"""

_lock = threading.Lock()
_clients: dict[str, redis.Redis] = {}


def redis_client() -> redis.Redis:
    """One connection pool per process and URL (thread-safe in redis-py)."""
    url = settings.TASKS_REDIS_URL
    with _lock:
        if url not in _clients:
            _clients[url] = redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5)
        return _clients[url]


def queue_keys(queue: str) -> tuple[str, str, str, str]:
    base = f"{settings.TASKS_REDIS_PREFIX}:{queue}"
    return base, f"{base}:processing", f"{base}:delayed", f"{base}:failed"


def _encode(job: Job) -> str:
    body = json.dumps(
        {"id": job.id, "name": job.name, "kwargs": job.kwargs, "queue": job.queue},
        separators=(",", ":"),
    )
    return f"{job.attempts}|{body}"


def _decode(raw: bytes | str) -> Job:
    text = raw.decode() if isinstance(raw, bytes) else raw
    attempts, body = text.split("|", 1)
    data: dict[str, Any] = json.loads(body)
    return Job(
        id=data["id"],
        name=data["name"],
        kwargs=data["kwargs"],
        queue=data["queue"],
        attempts=int(attempts),
        receipt=text,
    )


class RedisBackend:
    def __init__(self) -> None:
        client = redis_client()
        self._client = client
        self._claim = client.register_script(CLAIM)
        self._settle = client.register_script(SETTLE)

    def enqueue(self, job: Job, *, run_after: datetime | None) -> None:
        ready, _processing, delayed, _failed = queue_keys(job.queue)
        raw = _encode(job)
        if run_after is None:
            self._client.lpush(ready, raw)
        else:  # the claim script moves it to the ready list once due
            self._client.zadd(delayed, {raw: run_after.timestamp()})

    def claim(self, *, queues: Sequence[str], now: datetime) -> Job | None:
        deadline = now.timestamp() + settings.TASKS_VISIBILITY_TIMEOUT
        for queue in queues:
            ready, processing, delayed, _failed = queue_keys(queue)
            raw = self._claim(keys=[ready, processing, delayed], args=[now.timestamp(), deadline])
            if raw:
                return _decode(raw)
        return None

    def _settle_job(self, job: Job, action: str, *, score: float = 0, record: str = "") -> None:
        _ready, processing, delayed, failed = queue_keys(job.queue)
        self._settle(keys=[processing, delayed, failed], args=[job.receipt, action, score, record])

    def complete(self, job: Job) -> None:
        self._settle_job(job, "done")

    def retry(self, job: Job, *, run_after: datetime, error: str) -> None:
        self._settle_job(job, "retry", score=run_after.timestamp())

    def fail(self, job: Job, *, error: str) -> None:
        record = json.dumps({"job": job.receipt, "error": error[:2000]})
        self._settle_job(job, "fail", record=record)
