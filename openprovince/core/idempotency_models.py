from __future__ import annotations

from django.db import models


class IdempotencyRecord(models.Model):
    """The first response to a state-changing request with an Idempotency-Key, replayed for
    repeats (a citizen tapping "send" twice on a slow 3G connection creates one case)."""

    scope = models.CharField(max_length=80)  # user:<id>, auth:<hash of the credentials>, anon
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=10, default="processing")  # processing | done
    response_status = models.PositiveSmallIntegerField(null=True)
    response_body = models.BinaryField(null=True)
    response_headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="unique_idempotency")]

    def __str__(self) -> str:
        return f"{self.scope}/{self.key}"
