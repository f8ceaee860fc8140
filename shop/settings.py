"""Settings, all read from the environment here and documented in the README's configuration table.

Development defaults are marked DEVELOPMENT DEFAULT; the ones that would be unsafe are refused when
DEBUG is off.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

from shop.env import (
    env,
    env_bool,
    env_choice,
    env_database_url,
    env_float,
    env_int,
    env_list,
    env_networks,
    env_origins,
    env_pairs,
    env_redis_url,
    env_sqlite_path,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)

# The signing key: DJANGO_SECRET_KEY, else the file DJANGO_SECRET_KEY_FILE names (make generates a
# random one per checkout in .secret-key; a secrets mount works the same way), else the marked
# development default, which is refused unless DEBUG is on.
DEV_SECRET_KEY = "DEVELOPMENT-DEFAULT-insecure-secret-key-do-not-use-in-production"  # noqa: S105 - refused below
SECRET_KEY_FILE = Path(env("DJANGO_SECRET_KEY_FILE", str(BASE_DIR / ".secret-key")))
SECRET_KEY = (
    env("DJANGO_SECRET_KEY")
    or (SECRET_KEY_FILE.read_text().strip() if SECRET_KEY_FILE.is_file() else "")
    or DEV_SECRET_KEY
)
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. The development default is only accepted with DJANGO_DEBUG=1; "
        f"set DJANGO_SECRET_KEY to a long random value, or put one in {SECRET_KEY_FILE} (make does)."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Storage backend for shop data (catalog, carts, orders): "sqlite" or "dynamodb".
SHOP_STORAGE = env_choice("SHOP_STORAGE", "sqlite", ["sqlite", "dynamodb"])
SHOP_CURRENCY = env("SHOP_CURRENCY", "USD")
if not (len(SHOP_CURRENCY) == 3 and SHOP_CURRENCY.isalpha() and SHOP_CURRENCY.isupper()):
    raise ImproperlyConfigured(f"SHOP_CURRENCY={SHOP_CURRENCY!r} is not allowed: an ISO 4217 code like USD or EUR.")

# DynamoDB backend. Region, credentials and endpoint come from boto3's standard configuration
# (AWS_REGION / AWS_DEFAULT_REGION, profiles, AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_DYNAMODB).
DYNAMODB_TABLE_PREFIX = env("DYNAMODB_TABLE_PREFIX", "shop-")
DYNAMODB_RETRY_MODE = env_choice("DYNAMODB_RETRY_MODE", "standard", ["standard", "adaptive", "legacy"])
DYNAMODB_MAX_ATTEMPTS = env_int("DYNAMODB_MAX_ATTEMPTS", 4, minimum=1, maximum=20)
DYNAMODB_TIMEOUT_SECONDS = env_float("DYNAMODB_TIMEOUT_SECONDS", 3, minimum=0.1, maximum=60)
# Listings filtered after reading (search, in stock, featured) stop after this many items per request.
DYNAMODB_MAX_SCANNED_PER_PAGE = env_int("DYNAMODB_MAX_SCANNED_PER_PAGE", 2000, minimum=100, maximum=100_000)

# Categories are few and rarely change: shopper pages read them from Django's cache, which every
# catalog write clears, so a product page costs one storage read.
CATEGORY_CACHE_SECONDS = env_int("CATEGORY_CACHE_SECONDS", 30, minimum=1, maximum=3600)
# Whole catalog pages for signed-out shoppers, and each cart's page (shop/page_cache.py): how long one may
# be served, which is how long the stock it shows may lag behind checkouts (catalog and cart writes show at
# once); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 5, minimum=0, maximum=300)
# The cache must be shared by every worker process, or a write handled by one worker would leave the
# others serving stale categories and GraphQL responses. On one machine (make run: several gunicorn
# workers) a directory does that; REDIS_URL (e.g. redis://127.0.0.1:6379/0, ElastiCache in
# production) shares it between instances.
REDIS_URL = env_redis_url("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env("CACHE_DIR", str(BASE_DIR / ".cache")),
    }
}
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # A cache that stops answering must not hold a request (or /readyz) for long.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
# Versions of the catalog and of each cart (core/versions.py) are read on every cached answer: on one machine
# from a file beside the file cache that every worker maps into memory, across instances from Redis.
VERSIONS_FILE = None if REDIS_URL else str(Path(CACHES["default"]["LOCATION"]) / "versions.map")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "shop",
    "accounts",
    "catalog",
    "cart",
    "orders",
    "api",
    "notifications",
    "corsheaders",
    "graphene_django",  # after "api": its graphql_schema command replaces graphene's
    "axes",  # brute-force throttling of sign-ins (see "Sign-in throttling" below)
    "csp",
]

MIDDLEWARE = [
    # First, so it times every request, sees every response and binds the request id for all logs.
    "observability.middleware.RequestObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "shop.middleware.CSPMiddleware",  # django-csp's, with the policy built once
    "corsheaders.middleware.CorsMiddleware",
    "api.cached_reads.CachedReadMiddleware",  # cached public GraphQL reads, answered before the rest
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "shop.page_cache.EarlyPageCacheMiddleware",  # cached pages for cookie-less shoppers, before sessions
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SignOutEverywhereMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shop.page_cache.PageCacheMiddleware",  # catalog and cart pages (after every header-adder)
    "shop.middleware.StorageUnavailableMiddleware",
    "shop.middleware.BrandedErrorPagesMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]
CSRF_FAILURE_VIEW = "shop.views.csrf_failure"  # a stale form gets the shop's page with a way to retry

ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shop.context_processors.shop",
            ],
        },
    },
]

# Django's own tables (users, sessions, API credentials, sign-in attempts, admin log) and, with
# SHOP_STORAGE=sqlite, the shop's data. DATABASE_URL (PostgreSQL: RDS in production) is what several
# instances share; without it, the SQLite file SQLITE_PATH (one machine).
DATABASE_CONN_MAX_AGE = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0, maximum=3600)
DATABASES = {
    "default": env_database_url("DATABASE_URL", conn_max_age=DATABASE_CONN_MAX_AGE)
    or {"ENGINE": "django.db.backends.sqlite3", "NAME": env_sqlite_path("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))}
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Kept open like PostgreSQL's (each serving thread has its own): opening one and running its PRAGMAs
    # cost more than the queries of a whole page.
    DATABASES["default"].update(CONN_MAX_AGE=DATABASE_CONN_MAX_AGE, CONN_HEALTH_CHECKS=True)
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so concurrent checkouts
        # queue (up to `timeout` seconds) instead of failing on a lock upgrade.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "orders:history"
LOGOUT_REDIRECT_URL = "catalog:home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files: with STATIC_BUCKET, in S3 under static/ (uploaded by `python -m deploy static`) and
# served by CloudFront at STATIC_CDN_DOMAIN; without it, whitenoise serves them from the app
# (compressed, hashed names, far-future cache headers). Product images: MEDIA_BUCKET (media/) or
# MEDIA_ROOT. The bucket blocks public access, so without a CDN domain media URLs are signed.
STATIC_BUCKET = env("STATIC_BUCKET")
STATIC_CDN_DOMAIN = env("STATIC_CDN_DOMAIN")
MEDIA_BUCKET = env("MEDIA_BUCKET")
MEDIA_CDN_DOMAIN = env("MEDIA_CDN_DOMAIN", STATIC_CDN_DOMAIN)  # one distribution serves /static/ and /media/
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))


def _s3_storage(backend: str, bucket: str, location: str, domain: str) -> dict:
    return {"BACKEND": backend, "OPTIONS": {
        "bucket_name": bucket, "location": location, "custom_domain": domain or None,
        "querystring_auth": not domain, "file_overwrite": location == "static",
    }}


if STATIC_BUCKET:
    STATIC_URL = f"https://{STATIC_CDN_DOMAIN or STATIC_BUCKET + '.s3.amazonaws.com'}/static/"
    _static_storage = _s3_storage("storages.backends.s3.S3ManifestStaticStorage", STATIC_BUCKET, "static",
                                  STATIC_CDN_DOMAIN)
else:
    STATIC_URL = "static/"
    _static_storage = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
if MEDIA_BUCKET:
    MEDIA_URL = f"https://{MEDIA_CDN_DOMAIN or MEDIA_BUCKET + '.s3.amazonaws.com'}/media/"
    _media_storage = _s3_storage("storages.backends.s3.S3Storage", MEDIA_BUCKET, "media", MEDIA_CDN_DOMAIN)
else:
    MEDIA_URL = "/media/"
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {"default": _media_storage, "staticfiles": _static_storage}

SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the shared cache (Redis with REDIS_URL) and written through to the database, so
# a signed-in page costs no session query and a cache flush loses no session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_048_576

# GraphQL API (README "GraphQL API"). Public reads are cached for GRAPHQL_CACHE_TTL seconds (1-3600);
# any catalog write invalidates the cache at once.
GRAPHENE = {"SCHEMA": "api.schema.schema"}
GRAPHQL_CACHE_TTL = env_int("GRAPHQL_CACHE_TTL", 60, minimum=1, maximum=3600)
GRAPHQL_TOKEN_SECONDS = env_int("GRAPHQL_TOKEN_SECONDS", 12 * 3600, minimum=60, maximum=30 * 24 * 3600)
GRAPHQL_MAX_BODY_BYTES = env_int("GRAPHQL_MAX_BODY_BYTES", 65536, minimum=1024, maximum=10 * 1024 * 1024)

# Amazon Cognito user pools (AppSync's AMAZON_COGNITO_USER_POOLS mode): ID and access tokens of this pool,
# issued to these app clients, are accepted as `Authorization` on /graphql (README "Cognito").
COGNITO_USER_POOL_ID = env("COGNITO_USER_POOL_ID")
if COGNITO_USER_POOL_ID and not re.fullmatch(r"[\w-]+_[0-9a-zA-Z]+", COGNITO_USER_POOL_ID):
    raise ImproperlyConfigured(f"COGNITO_USER_POOL_ID={COGNITO_USER_POOL_ID!r} is not allowed: a user pool id "
                               "such as us-east-1_AbCdEf123.")
COGNITO_APP_CLIENT_IDS = env_list("COGNITO_APP_CLIENT_IDS")
if COGNITO_USER_POOL_ID and not COGNITO_APP_CLIENT_IDS:
    raise ImproperlyConfigured("COGNITO_APP_CLIENT_IDS='' is not allowed: with COGNITO_USER_POOL_ID set, name the "
                               "app client ids whose tokens are accepted (comma-separated).")
# Cognito groups -> Django groups, as `cognito-group:django-group` pairs. Members of a mapped group join
# the Django group (its permissions apply) and are staff while they are in any mapped group.
COGNITO_GROUPS = env_pairs("COGNITO_GROUPS", "staff:staff")

# Real-time subscriptions (README "Real-time"): AppSync's WebSocket protocol at /graphql/realtime, served
# by the ASGI entry point (shop/asgi.py). Limits are AppSync's where it has them.
# Threads per serving process for pages and the HTTP API under the ASGI entry point (gunicorn's --threads).
ASGI_REQUEST_THREADS = env_int("GUNICORN_THREADS", 2, minimum=1, maximum=256)
REALTIME_BUS = env_choice("REALTIME_BUS", "auto", ["auto", "database", "redis"])
if REALTIME_BUS == "redis" and not REDIS_URL:
    raise ImproperlyConfigured("REALTIME_BUS='redis' is not allowed without REDIS_URL: set REDIS_URL, or use auto.")
REALTIME_POLL_SECONDS = env_float("REALTIME_POLL_SECONDS", 0.2, minimum=0.02, maximum=5)
REALTIME_KEEPALIVE_SECONDS = env_float("REALTIME_KEEPALIVE_SECONDS", 60, minimum=0.1, maximum=240)
REALTIME_CONNECTION_TIMEOUT_MS = 300_000  # told to clients in connection_ack: ka comes well within it
REALTIME_INIT_TIMEOUT_SECONDS = env_float("REALTIME_INIT_TIMEOUT_SECONDS", 10, minimum=0.1, maximum=60)
REALTIME_MAX_SUBSCRIPTIONS = env_int("REALTIME_MAX_SUBSCRIPTIONS", 100, minimum=1, maximum=1000)
REALTIME_MAX_CONNECTION_SECONDS = env_int("REALTIME_MAX_CONNECTION_SECONDS", 24 * 3600, minimum=1, maximum=24 * 3600)
REALTIME_MAX_MESSAGE_BYTES = env_int("REALTIME_MAX_MESSAGE_BYTES", 64 * 1024, minimum=1024, maximum=1024 * 1024)
REALTIME_MAX_CONNECTIONS_PER_ADDRESS = env_int("REALTIME_MAX_CONNECTIONS_PER_ADDRESS", 100, minimum=1,
                                               maximum=100_000)
REALTIME_MAX_QUEUED_MESSAGES = env_int("REALTIME_MAX_QUEUED_MESSAGES", 200, minimum=10, maximum=100_000)

# Cross-origin front ends call /graphql with an API key or a bearer token (no cookies), so CORS
# covers only that URL and allows the headers an Amplify client sends (its user agent, and the
# SigV4 ones of IAM mode, which are accepted and ignored).
CORS_ALLOWED_ORIGINS = env_origins("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/graphql/?$"
CORS_ALLOW_HEADERS = ("accept", "authorization", "content-type", "x-api-key", "x-amz-user-agent", "x-amz-date",
                      "x-amz-security-token", "x-csrftoken", "x-requested-with")
CORS_ALLOW_METHODS = ("GET", "OPTIONS", "POST")
CORS_EXPOSE_HEADERS = ("x-amzn-RequestId", "X-Request-ID")

# Monitoring (README "Monitoring"): JSON lines on stdout, one per request plus EMF metric lines.
METRICS_NAMESPACE = env("METRICS_NAMESPACE", "Shop")
METRICS_SERVICE = env("METRICS_SERVICE", "shop")  # the Service dimension
METRICS_PUT_METRIC_DATA = env_bool("METRICS_PUT_METRIC_DATA", False)  # also send with PutMetricData
METRICS_FLUSH_SECONDS = env_float("METRICS_FLUSH_SECONDS", 10, minimum=1, maximum=300)
READINESS_TIMEOUT_SECONDS = env_float("READINESS_TIMEOUT_SECONDS", 2, minimum=0.1, maximum=30)

LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"], case_sensitive=False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "observability.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "observability.logs.LineHandler", "stream": "ext://sys.stdout",
                             "formatter": "json"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Metric lines must not be filtered out by a quieter LOG_LEVEL: each request's line is its EMF metrics
    # (the alarms' Requests, Latency and 5XXError), shop.metrics the other counts.
    # boto's INFO lines ("Found credentials in environment variables") are noise on every client.
    "loggers": {"shop.metrics": {"level": "INFO"}, "shop.requests": {"level": "INFO"},
                "botocore": {"level": "WARNING"}, "boto3": {"level": "WARNING"}, "urllib3": {"level": "WARNING"}},
}

# -- Production security defaults (README "Security") -------------------------------------------------
# With DEBUG off the shop is served over HTTPS only: plain-HTTP requests are redirected, cookies are
# Secure and browsers are told to stay on HTTPS (HSTS). `make run` (plain http://127.0.0.1) turns the
# redirect and Secure cookies off explicitly. gunicorn takes X-Forwarded-Proto (and X-Forwarded-For, see
# accounts/throttling.py) only from the proxies in FORWARDED_ALLOW_IPS, so Django needs no
# SECURE_PROXY_SSL_HEADER, which would trust the header from anyone.
FORWARDED_ALLOW_IPS = env_networks("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load balancers probe over plain HTTP
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# 0 turns HSTS off (e.g. behind a CDN or proxy that sets it itself).
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0, maximum=63_072_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# "preload" only makes the domain eligible for browsers' built-in HTTPS list; it is submitted by hand.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): only this origin's scripts, styles and fonts (and the static
# CDN or bucket's, when STATIC_URL/MEDIA_URL point there), plus inline <script> elements that carry the
# per-response nonce (`{{ request.csp_nonce }}`); no other inline script or style, no eval, no plugins,
# no framing. Images may come from any HTTPS origin: staff may give a product an external image URL.
_asset_hosts = sorted({f"https://{urlsplit(url).netloc}" for url in (STATIC_URL, MEDIA_URL) if urlsplit(url).netloc})
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE, *_asset_hosts],
        "style-src": ["'self'", *_asset_hosts],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'", *_asset_hosts],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# -- Sign-in throttling (django-axes; README "Sign-in throttling") ----------------------------------------
# The sign-in page, the admin login and GraphQL signIn all go through django.contrib.auth.authenticate,
# which django-axes watches. After SIGNIN_FAILURE_LIMIT failures for one account name, or from one
# client address, sign-ins for it are refused for SIGNIN_COOLOFF_MINUTES, even with the right password.
# Attempts are rows in Django's database, so every instance sees the same counts.
# Django's ModelBackend with the signed-in user read from the shared cache (accounts/backends.py).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.CachedModelBackend"]
SIGNIN_FAILURE_LIMIT = env_int("SIGNIN_FAILURE_LIMIT", 5, minimum=1, maximum=100)
SIGNIN_COOLOFF_MINUTES = env_int("SIGNIN_COOLOFF_MINUTES", 15, minimum=1, maximum=24 * 60)
AXES_FAILURE_LIMIT = SIGNIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = SIGNIN_COOLOFF_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one reaching the limit locks
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the cool-off is a fixed, documented window
# A success does not wipe the count: an attacker could otherwise sign in to an account of their own
# between guesses to reset it. Failures are forgotten a cool-off after the last one.
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_VERBOSE = False  # our JSON logs say what matters; axes' own lines name the account tried

# Email (README "Email"). Every email is queued in the outbox (Django's database) once the write it
# reports has committed, then sent by a background thread of the web process (EMAIL_DELIVERY=background)
# or only by `manage.py send_outbox` (EMAIL_DELIVERY=command). EMAIL_BACKEND is Django's dotted path or a
# short name; production uses `ses` (Amazon SES through boto3's standard configuration).
EMAIL_BACKEND_NAMES = {
    "ses": "notifications.ses.SesEmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}
# With DEBUG on (and in `make run`, which says so explicitly) the default is files a developer can read in
# .mail/; in production it is SES. `manage.py check --deploy` warns about a file or console backend there.
_email_backend = env("EMAIL_BACKEND", "file" if DEBUG else "ses")
EMAIL_BACKEND = EMAIL_BACKEND_NAMES.get(_email_backend, _email_backend)
if "." not in EMAIL_BACKEND:
    raise ImproperlyConfigured(f"EMAIL_BACKEND={_email_backend!r} is not allowed: one of "
                               f"{', '.join(EMAIL_BACKEND_NAMES)}, or a backend's dotted path.")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / ".mail"))
DEV_EMAIL_FROM = "Cloud Shop <shop@localhost>"  # DEVELOPMENT DEFAULT (check --deploy warns)
# Without SHOP_EMAIL_FROM, production sends as shop@ the first real host name served (the SES identity
# `deploy provision` verifies); with none, the development default, which check --deploy reports.
_mail_host = next((h.lstrip(".") for h in ALLOWED_HOSTS if "." in h.strip(".") and not h.replace(".", "").isdigit()
                   and h != "*"), "")
SHOP_EMAIL_FROM = env("SHOP_EMAIL_FROM", f"Cloud Shop <shop@{_mail_host}>" if _mail_host and not DEBUG
                      else DEV_EMAIL_FROM)
DEFAULT_FROM_EMAIL = SERVER_EMAIL = SHOP_EMAIL_FROM
EMAIL_DELIVERY = env_choice("EMAIL_DELIVERY", "background", ["background", "command"])
SES_CONFIGURATION_SET = env("SES_CONFIGURATION_SET")
# Links in emails are absolute: the shop's public address, as shoppers reach it.
_site_urls = env_origins("SHOP_SITE_URL") or ["http://127.0.0.1:8000"]
if len(_site_urls) != 1:
    raise ImproperlyConfigured(f"SHOP_SITE_URL={env('SHOP_SITE_URL')!r} is not allowed: one origin like "
                               "https://shop.example.com.")
SHOP_SITE_URL = _site_urls[0]
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600, minimum=300, maximum=7 * 24 * 3600)
