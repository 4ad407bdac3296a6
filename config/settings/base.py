"""The one base settings module, read from the environment (see README "Configuration").

`production.py` only hardens this and fails fast; `test.py` only speeds it up.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    parse_cache_url,
    parse_database_url,
    sqlite_database,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)


def _local_secret_key() -> str:
    """Outside production a key is made once and kept in var/, so sessions survive restarts."""
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = env_str("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The TLS proxies in front (addresses or networks): their X-Forwarded-For names the client.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
# Absolute base used in QR codes and shared links; empty means "the host of the request".
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "").rstrip("/")

INSTALLED_APPS = [
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "openprovince.core",
    "openprovince.accounts",
    "openprovince.agencies",
    "openprovince.tasks",
    "openprovince.notifications",
    "openprovince.cases",
    "openprovince.fulltext",
    "openprovince.reports",
    "openprovince.reports.open311",
    "openprovince.dossiers",
    "openprovince.questions",
    "openprovince.payments",
    "openprovince.tuition",
    "openprovince.shops",
    "openprovince.news",
    "openprovince.web",
    "openprovince.office",
    "openprovince.demo",
]

MIDDLEWARE = [
    # First: everything after it (audit log, per-address limits) sees the client's address.
    "openprovince.core.client_address.ClientAddressMiddleware",
    "openprovince.core.middleware.RequestIdMiddleware",
    # Pages are compressed here (static files are pre-compressed by WhiteNoise). CSRF tokens
    # are masked per response, which defeats BREACH-style guessing.
    "django.middleware.gzip.GZipMiddleware",
    # ETag + 304 for repeat visits: an unchanged page costs only headers.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "openprovince.core.middleware.BadInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "openprovince.web.middleware.PreferencesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "openprovince.accounts.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After CSRF and authentication: a replayed response only reaches a request that passed
    # the same checks as the first.
    "openprovince.core.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openprovince.web.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": parse_database_url(DATABASE_URL, pool_max=env_int("DATABASE_POOL_MAX", 10))
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # SQLite creates the file, not its folder
    DATABASES = {"default": sqlite_database(VAR_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
CACHES = {"default": parse_cache_url(env_str("CACHE_URL", "locmem://"))}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["openprovince.accounts.backends.AccountBackend"]
SESSION_ENGINE = "openprovince.accounts.sessions"
LOGIN_URL = "accounts:signin"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30  # citizens stay signed in on their phone for 30 days
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Officials: signed out after this long without a request, and after this long in any case.
OFFICIAL_IDLE_MINUTES = env_int("OFFICIAL_IDLE_MINUTES", 30)
OFFICIAL_MAX_HOURS = env_int("OFFICIAL_MAX_HOURS", 10)

# Sign-in by phone: SMS delivery (console | http), see openprovince/notifications/sms.py.
SMS_BACKEND = env_str("SMS_BACKEND", "console")
SMS_HTTP_URL = env_str("SMS_HTTP_URL")
SMS_HTTP_TOKEN = env_str("SMS_HTTP_TOKEN")
SMS_SENDER = env_str("SMS_SENDER", "OpenProvince")
SMS_HTTP_TIMEOUT = env_int("SMS_HTTP_TIMEOUT", 10)
SMS_DEV_INBOX = env_bool("SMS_DEV_INBOX", DEBUG)  # keep console messages for /dev/sms
if SMS_BACKEND not in {"console", "http"}:
    raise ImproperlyConfigured(f"SMS_BACKEND must be console or http, got {SMS_BACKEND!r}")
if SMS_BACKEND == "http" and not SMS_HTTP_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("SMS_BACKEND=http needs SMS_HTTP_URL (http:// or https://)")

# Sign-in with Zalo (mini app): the app secret never leaves the server.
ZALO_APP_ID = env_str("ZALO_APP_ID")
ZALO_APP_SECRET = env_str("ZALO_APP_SECRET")
ZALO_GRAPH_URL = env_str("ZALO_GRAPH_URL", "https://graph.zalo.me").rstrip("/")
ZALO_TIMEOUT = env_int("ZALO_TIMEOUT", 10)

# API clients on other origins (the Zalo mini app is served from https://h5.zdn.vn).
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = False  # the API uses bearer tokens, never cookies, across origins
API_ACCESS_TOKEN_MINUTES = env_int("API_ACCESS_TOKEN_MINUTES", 15)
API_REFRESH_TOKEN_DAYS = env_int("API_REFRESH_TOKEN_DAYS", 30)

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "lang"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names + gzip/brotli copies made once at collectstatic; served with far-future caching.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads in an S3-compatible bucket (AWS, MinIO, Viettel/FPT/CMC Cloud…) instead of MEDIA_ROOT.
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    _s3_endpoint = env_str("S3_ENDPOINT_URL")
    # Self-hosted services (MinIO) usually only know path-style URLs; AWS wants virtual hosts.
    _s3_addressing = env_str("S3_ADDRESSING_STYLE", "path" if _s3_endpoint else "virtual")
    if _s3_addressing not in {"path", "virtual"}:
        raise ImproperlyConfigured(
            f"S3_ADDRESSING_STYLE must be path or virtual, not {_s3_addressing!r}"
        )
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": _s3_endpoint or None,
            "region_name": env_str("S3_REGION") or None,
            # Unset: boto3's own chain (AWS_* variables, an instance role).
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "addressing_style": _s3_addressing,
            # No ACL header: objects get the bucket's private default (services with ACLs turned
            # off refuse any header). Uploads are streamed by the app after a permission check.
            "default_acl": None,
            # A URL made by .url() is signed (SigV4: v2 is deprecated, refused by newer services)
            # and dies soon; uploads are never linked to the bucket directly.
            "querystring_auth": True,
            "signature_version": "s3v4",
            "querystring_expire": 60,
            "file_overwrite": False,
            # A download is buffered before it is streamed: to a temporary file past 2 MB.
            "max_memory_size": 2 * 1024 * 1024,
        },
    }
WHITENOISE_MAX_AGE = 60 * 60  # unhashed files (sw.js is served by a view, not from here)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500

# --- Security that holds everywhere ---------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Platform ------------------------------------------------------------------------------
# Defaults for the brand; province admins override them in the admin (web.Brand).
BRAND_NAME = env_str("BRAND_NAME", "Tây Ninh Smart")
BRAND_PROVINCE = env_str("BRAND_PROVINCE", "Tỉnh Tây Ninh")
BRAND_HOTLINE = env_str("BRAND_HOTLINE", "1022")
BRAND_PRIMARY_COLOR = env_str("BRAND_PRIMARY_COLOR", "#0b57a4")
# Seconds a guest page render or public API answer may be reused; 0 turns both off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
SEARCH_QUERY_MAX_CHARS = 200

# --- Background work and notifications (openprovince/tasks, openprovince/notifications) ------
# Task queue (docs/tasks.md): embedded (a database table) | redis | immediate (tests, scripts).
TASKS_BACKEND = env_str("TASKS_BACKEND", "embedded")
# One worker thread inside the web process (for `make run`); otherwise `manage.py run_worker`.
TASKS_EMBEDDED_WORKER = env_bool("TASKS_EMBEDDED_WORKER", False)
TASKS_REDIS_URL = env_str("TASKS_REDIS_URL", "redis://127.0.0.1:6379/0")
TASKS_REDIS_PREFIX = env_str("TASKS_REDIS_PREFIX", "openprovince:tasks")
TASKS_QUEUE = env_str("TASKS_QUEUE", "default")
# A claimed task not acknowledged within this many seconds goes back to the queue.
TASKS_VISIBILITY_TIMEOUT = env_int("TASKS_VISIBILITY_TIMEOUT", 300)
TASKS_POLL_SECONDS = env_int("TASKS_POLL_SECONDS", 1)
if TASKS_BACKEND not in {"embedded", "redis", "immediate"}:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be embedded, redis or immediate, got {TASKS_BACKEND!r}"
    )

# Web Push (VAPID, RFC 8292): `manage.py webpush_keys` prints a pair (base64url). Changing the
# pair orphans every browser subscription: people must tap "Notify me on this phone" again.
WEBPUSH_VAPID_PUBLIC_KEY = env_str("WEBPUSH_VAPID_PUBLIC_KEY")
WEBPUSH_VAPID_PRIVATE_KEY = env_str("WEBPUSH_VAPID_PRIVATE_KEY")
if bool(WEBPUSH_VAPID_PUBLIC_KEY) != bool(WEBPUSH_VAPID_PRIVATE_KEY):
    raise ImproperlyConfigured("Set both WEBPUSH_VAPID_PUBLIC_KEY and WEBPUSH_VAPID_PRIVATE_KEY")
# Push endpoints must be https on port 443 with a host name; development and the tests' fake
# push service may also use http://127.0.0.1 and http://localhost.
WEBPUSH_ALLOW_LOOPBACK_HTTP = DEBUG

# Notifications (docs/notifications.md): the in-app inbox always; these channels when the
# person can be reached and (SMS, Zalo) has consented. Web Push once VAPID keys are set.
NOTIFY_CHANNELS = env_list(
    "NOTIFY_CHANNELS", ["sms", "zns", "email"] + (["webpush"] if WEBPUSH_VAPID_PUBLIC_KEY else [])
)
NOTIFY_MAX_ATTEMPTS = env_int("NOTIFY_MAX_ATTEMPTS", 6)
NOTIFY_RETRY_BASE_SECONDS = env_int("NOTIFY_RETRY_BASE_SECONDS", 60)
NOTIFY_RETRY_MAX_SECONDS = env_int("NOTIFY_RETRY_MAX_SECONDS", 3600)
NOTIFY_LEASE_SECONDS = env_int("NOTIFY_LEASE_SECONDS", 300)
if not set(NOTIFY_CHANNELS) <= {"sms", "zns", "email", "webpush"}:
    raise ImproperlyConfigured(
        f"NOTIFY_CHANNELS takes sms, zns, email, webpush; got {NOTIFY_CHANNELS!r}"
    )

# Zalo ZNS template messages: the OA access token, and which approved template each event uses.
ZNS_URL = env_str("ZNS_URL", "https://business.openapi.zalo.me").rstrip("/")
ZNS_ACCESS_TOKEN = env_str("ZNS_ACCESS_TOKEN")
ZNS_TIMEOUT = env_int("ZNS_TIMEOUT", 10)


def _json_object(name: str) -> dict[str, object]:
    import json  # only this setting is JSON; keep the import next to it

    try:
        value = json.loads(env_str(name) or "{}")
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a JSON object: {exc}") from exc
    if not isinstance(value, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object")
    return value


# {"case.updated": "231234"} or {"case.updated": {"template_id": "231234",
#  "params": {"ma_ho_so": "case_code"}}} (ZNS parameter name → context key).
ZNS_TEMPLATES = _json_object("ZNS_TEMPLATES")

# E-mail (Django's mail API): printed to the console when DEBUG is on, SMTP otherwise.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@localhost")

# Whom push services contact about our Web Push traffic: a mailto: or https: URI (JWT `sub`).
WEBPUSH_SUBJECT = env_str("WEBPUSH_SUBJECT", f"mailto:{DEFAULT_FROM_EMAIL}")
if not WEBPUSH_SUBJECT.startswith(("mailto:", "https://")):
    raise ImproperlyConfigured(f"WEBPUSH_SUBJECT must be mailto: or https:; {WEBPUSH_SUBJECT!r}")

# --- Case engine -----------------------------------------------------------------------------
# On-the-spot reports: where reports with no matching agency go (an agency code; default the
# root of the tree), how long a fixed report may be reopened, and submission limits.
REPORTS_TRIAGE_AGENCY = env_str("REPORTS_TRIAGE_AGENCY", "")
REPORTS_REOPEN_DAYS = env_int("REPORTS_REOPEN_DAYS", 14)
REPORTS_MAX_PER_USER_HOUR = env_int("REPORTS_MAX_PER_USER_HOUR", 10)
REPORTS_MAX_PER_IP_HOUR = env_int("REPORTS_MAX_PER_IP_HOUR", 30)

# Online Q&A: questions no topic or chosen agency routes go to this agency's desk (code; the
# root agency when empty); how many questions one person may ask an hour.
QUESTIONS_TRIAGE_AGENCY = env_str("QUESTIONS_TRIAGE_AGENCY", "")
QUESTIONS_MAX_PER_USER_HOUR = env_int("QUESTIONS_MAX_PER_USER_HOUR", 5)
# Map tiles for /reports/map. OpenStreetMap's own servers are for light use only (their tile
# usage policy): a province in production uses a tile provider or its own tile server.
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = env_str(
    "MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
# Open311 integrators file for many people from one server: one limit per key instead.
OPEN311_MAX_PER_KEY_HOUR = env_int("OPEN311_MAX_PER_KEY_HOUR", 600)
# Dossiers: status lookups by code + phone allowed per address per hour (a wrong pair counts),
# dossiers one account may send per day, and how long a webhook receiver may take.
DOSSIER_LOOKUPS_PER_IP_HOUR = env_int("DOSSIER_LOOKUPS_PER_IP_HOUR", 20)
DOSSIERS_MAX_PER_USER_DAY = env_int("DOSSIERS_MAX_PER_USER_DAY", 20)
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 10)

# --- Payments (docs/payments.md) ----------------------------------------------------------
# The ways to pay offered, in this order. "demo" is a pretend gateway for `make run` and the
# tests; a real province lists its contracted providers (vietqr, vnpay, zalopay,
# zalo_checkout, momo) and sets their keys below.
PAYMENTS_PROVIDERS = env_list("PAYMENTS_PROVIDERS", ["vietqr", "demo"] if DEBUG else ["vietqr"])
# How long an order waits for payment before it expires (money arriving later still counts).
PAYMENTS_ORDER_MINUTES = env_int("PAYMENTS_ORDER_MINUTES", 60)
# VietQR transfers are confirmed by the bank's statement: imported as CSV by an admin, or
# posted by a bank-statement webhook that sends this key in its `Authorization: Apikey …` header.
VIETQR_WEBHOOK_KEY = env_str("VIETQR_WEBHOOK_KEY", "")
# VNPay v2.1.0: terminal code and hash secret from VNPay; pay URL and merchant API URL.
VNPAY_TMN_CODE = env_str("VNPAY_TMN_CODE", "")
VNPAY_HASH_SECRET = env_str("VNPAY_HASH_SECRET", "")
VNPAY_PAY_URL = env_str("VNPAY_PAY_URL", "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html")
VNPAY_API_URL = env_str(
    "VNPAY_API_URL", "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction"
)
# ZaloPay v2: app id, key1 (requests), key2 (callbacks), API base.
ZALOPAY_APP_ID = env_str("ZALOPAY_APP_ID", "")
ZALOPAY_KEY1 = env_str("ZALOPAY_KEY1", "")
ZALOPAY_KEY2 = env_str("ZALOPAY_KEY2", "")
ZALOPAY_API_URL = env_str("ZALOPAY_API_URL", "https://sb-openapi.zalopay.vn")
# Zalo Mini App Checkout SDK: the mini app's id and its payment private key.
ZALO_CHECKOUT_APP_ID = env_str("ZALO_CHECKOUT_APP_ID", "")
ZALO_CHECKOUT_PRIVATE_KEY = env_str("ZALO_CHECKOUT_PRIVATE_KEY", "")
ZALO_CHECKOUT_API_URL = env_str("ZALO_CHECKOUT_API_URL", "https://payment-mini.zalo.me")
# One Checkout SDK method to offer (e.g. ZALOPAY, ZALOPAY_SANDBOX, MOMO); empty: the payer chooses.
ZALO_CHECKOUT_METHOD = env_str("ZALO_CHECKOUT_METHOD", "")
# MoMo AIO v2: partner code, access key, secret key, API base.
MOMO_PARTNER_CODE = env_str("MOMO_PARTNER_CODE", "")
MOMO_ACCESS_KEY = env_str("MOMO_ACCESS_KEY", "")
MOMO_SECRET_KEY = env_str("MOMO_SECRET_KEY", "")
MOMO_API_URL = env_str("MOMO_API_URL", "https://test-payment.momo.vn")
# How long a gateway may take to answer a server-to-server request (seconds).
PAYMENTS_HTTP_TIMEOUT = env_int("PAYMENTS_HTTP_TIMEOUT", 15)
# Tuition: bill lookups by student code + date of birth allowed per address per hour.
TUITION_LOOKUPS_PER_IP_HOUR = env_int("TUITION_LOOKUPS_PER_IP_HOUR", 30)

# --- Logging -------------------------------------------------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")  # json | text
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "openprovince.core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "openprovince.core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT if LOG_FORMAT in {"json", "text"} else "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Request lines come from our middleware, with the request id.
        "django.server": {"level": "WARNING"},
    },
}
