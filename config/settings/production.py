"""Production: the base settings, hardened. Refuses to start without a real secret key."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_str

from .base import *  # noqa: F403
from .base import DEBUG

if not env_str("SECRET_KEY") or len(env_str("SECRET_KEY")) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set (at least 50 random characters) for production. "
        "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production")
# The WSGI entry point also refuses to serve while demo accounts exist (accounts.demo_guard).
REFUSE_DEMO_ACCOUNTS = True
SMS_DEV_INBOX = False  # sign-in codes never stay in the database in production

# TLS ends at the reverse proxy, which must set X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
