"""Settings, all read from the environment here and documented in the README's configuration table.

Development defaults are marked DEVELOPMENT DEFAULT; the ones that would be unsafe are refused when
DEBUG is off.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in env(name, default).split(",") if part.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

DEV_SECRET_KEY = "DEVELOPMENT-DEFAULT-insecure-secret-key-do-not-use-in-production"  # noqa: S105 - refused below
SECRET_KEY = env("DJANGO_SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. The development default is only accepted with DJANGO_DEBUG=1; "
        "set DJANGO_SECRET_KEY to a long random value (make run generates one in .secret-key)."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Storage backend for shop data (catalog, carts, orders): "sqlite" or "dynamodb".
SHOP_STORAGE = env("SHOP_STORAGE", "sqlite")
if SHOP_STORAGE not in {"sqlite", "dynamodb"}:
    raise ImproperlyConfigured(f"SHOP_STORAGE must be 'sqlite' or 'dynamodb', not {SHOP_STORAGE!r}.")
SHOP_CURRENCY = env("SHOP_CURRENCY", "USD")

# DynamoDB backend. Region, credentials and endpoint come from boto3's standard configuration
# (AWS_REGION / AWS_DEFAULT_REGION, profiles, AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_DYNAMODB).
DYNAMODB_TABLE_PREFIX = env("DYNAMODB_TABLE_PREFIX", "shop-")
DYNAMODB_RETRY_MODE = env("DYNAMODB_RETRY_MODE", "standard")
DYNAMODB_MAX_ATTEMPTS = int(env("DYNAMODB_MAX_ATTEMPTS", "4"))
DYNAMODB_TIMEOUT_SECONDS = float(env("DYNAMODB_TIMEOUT_SECONDS", "3"))

# Categories are few and rarely change: shopper pages read them from Django's cache, which every
# catalog write clears, so a product page costs one storage read.
CATEGORY_CACHE_SECONDS = int(env("CATEGORY_CACHE_SECONDS", "30"))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "shop",
    }
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "shop",
    "catalog",
    "cart",
    "orders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shop.middleware.StorageUnavailableMiddleware",
]

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

# Django's own tables (users, sessions, admin log) and, with SHOP_STORAGE=sqlite, the shop's data.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        "OPTIONS": {
            # IMMEDIATE takes the write lock when a transaction starts, so concurrent checkouts
            # queue (up to `timeout` seconds) instead of failing on a lock upgrade.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
        "TEST": {"NAME": env("SQLITE_TEST_PATH", str(BASE_DIR / ".test-db.sqlite3"))},
    }
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

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_048_576

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
