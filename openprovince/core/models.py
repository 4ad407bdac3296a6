from __future__ import annotations

from django.db import models


class ContentVersion(models.Model):
    """A counter per kind of public content, bumped by every write to that content.

    Cached pages include the counters they depend on in their cache key, so a change shows at
    once in this process and within `content_versions.LOCAL_TTL` seconds in other processes,
    even with a per-process cache.
    """

    namespace = models.CharField(max_length=50, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.namespace}@{self.version}"
