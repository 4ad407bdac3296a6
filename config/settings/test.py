"""Tests: the base settings, made fast. TEST_DATABASE_URL switches the suite to PostgreSQL."""

from __future__ import annotations

from config.env import env_str, parse_database_url

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if env_str("TEST_DATABASE_URL"):
    DATABASES = {"default": parse_database_url(env_str("TEST_DATABASE_URL"), pool_max=0)}
# Otherwise SQLite, which Django's test runner keeps in memory.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOG_LEVEL = "WARNING"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"handlers": [], "level": "WARNING"},
}
