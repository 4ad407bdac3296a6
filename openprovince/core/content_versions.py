"""Version counters for cached public content (see `ContentVersion`)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from .models import ContentVersion

T = TypeVar("T")

LOCAL_TTL = 2.0  # seconds a process trusts its copy before reading the database again
_local: dict[str, tuple[float, int]] = {}


def content_version_bump(*, namespace: str) -> None:
    """Call inside the transaction that changes the content."""
    updated = ContentVersion.objects.filter(namespace=namespace).update(version=F("version") + 1)
    if not updated:
        ContentVersion.objects.get_or_create(namespace=namespace, defaults={"version": 1})
    # Forget our copy now (this request reads its own write) and again once committed, in
    # case another thread re-read the old value in between.
    _local.pop(namespace, None)
    transaction.on_commit(lambda: _local.pop(namespace, None))


def content_version_get(*, namespace: str) -> int:
    now = time.monotonic()
    cached = _local.get(namespace)
    if cached and now - cached[0] < LOCAL_TTL:
        return cached[1]
    version = (
        ContentVersion.objects.filter(namespace=namespace).values_list("version", flat=True).first()
        or 0
    )
    _local[namespace] = (now, version)
    return version


def content_versions_forget() -> None:
    """Tests: drop the per-process copies."""
    _local.clear()


def content_cached(*, namespace: str, key: str, build: Callable[[], T]) -> T:
    """`build()` once per content version: the cached value is dropped by the next bump of
    `namespace`. For public data only (the same for every reader). Kept at most
    PAGE_CACHE_SECONDS; 0 turns it off, like the guest page cache."""
    timeout = settings.PAGE_CACHE_SECONDS
    if timeout <= 0:
        return build()
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    full_key = f"cv:{namespace}:{content_version_get(namespace=namespace)}:{digest}"
    value: T | None = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, timeout)
    return value
