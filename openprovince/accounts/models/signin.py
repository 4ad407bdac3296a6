from __future__ import annotations

from django.conf import settings
from django.db import models


class PhoneCode(models.Model):
    """A one-time sign-in code sent by SMS. Only a keyed hash of the code is stored."""

    phone = models.CharField(max_length=16, db_index=True)
    code_hash = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    consumed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["ip", "created_at"], name="phonecode_ip_idx")]

    def __str__(self) -> str:
        return f"code for {self.phone[:-3]}***"


class SignInAttempt(models.Model):
    """Failed password or second-factor attempts, for lockout (per account and per address)."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    kind = models.CharField(max_length=20)  # password | totp
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.kind} failure for {self.username}"


class TotpDevice(models.Model):
    """An official's authenticator app (RFC 6238, 30 s, 6 digits, SHA-1 as apps expect)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp"
    )
    secret = models.CharField(max_length=64)  # base32; needed to verify, so not hashable
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0)  # refuses a code reused within its window

    def __str__(self) -> str:
        return f"authenticator of {self.user_id}"


class RecoveryCode(models.Model):
    """One-use codes for an official who lost the phone; stored as keyed hashes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code of {self.user_id}"


class ApiToken(models.Model):
    """Bearer tokens for app clients (the Zalo mini app). Opaque random strings; only their
    hash is stored. A refresh token is used once: using it again revokes its whole family."""

    class Kind(models.TextChoices):
        ACCESS = "access"
        REFRESH = "refresh"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    family = models.UUIDField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} token of {self.user_id}"
