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
SMS_DEV_INBOX = True  # tests read sign-in codes from the console backend's inbox
ZALO_APP_ID = "1234567890"
ZALO_APP_SECRET = "test-zalo-app-secret"  # noqa: S105 - the fake Zalo server's
LOG_LEVEL = "WARNING"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"handlers": [], "level": "WARNING"},
}
# Payments: every provider, each pointed by its tests at a local fake gateway.
PAYMENTS_PROVIDERS = ["demo"]
VIETQR_WEBHOOK_KEY = "test-bank-webhook-key"
VNPAY_TMN_CODE = "OPTEST01"
VNPAY_HASH_SECRET = "test-vnpay-hash-secret"  # noqa: S105 - the fake gateway's
# ZaloPay's and MoMo's published sandbox demo keys (their official samples).
ZALOPAY_APP_ID = "2553"
ZALOPAY_KEY1 = "PcY4iZIKFCIdgZvA6ueMcMHHUbRLYjPL"
ZALOPAY_KEY2 = "kLtgPl8HHhfvMuDHPwKfgfsY4Ydm9eIz"
ZALO_CHECKOUT_APP_ID = "1234567890123456789"
ZALO_CHECKOUT_PRIVATE_KEY = "test-zalo-checkout-private-key"
MOMO_PARTNER_CODE = "MOMO"
MOMO_ACCESS_KEY = "F8BBA842ECF85"
MOMO_SECRET_KEY = "K951B6PE1waDMi640xX08PD3vg6EkVlz"  # noqa: S105 - MoMo's public sandbox key
