"""Every numeric or enumerated setting is checked at start-up: a bad value is one line, exit status 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in env}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env={**clean, "DJANGO_SECRET_KEY": "x" * 50, **env})


@pytest.mark.parametrize(("name", "value"), [
    ("DYNAMODB_MAX_ATTEMPTS", "abc"), ("DYNAMODB_MAX_ATTEMPTS", "0"), ("DYNAMODB_TIMEOUT_SECONDS", "-1"),
    ("DYNAMODB_TIMEOUT_SECONDS", "nan"), ("DYNAMODB_MAX_SCANNED_PER_PAGE", "1e9"), ("DYNAMODB_RETRY_MODE", "fast"),
    ("CATEGORY_CACHE_SECONDS", "ten"), ("GRAPHQL_CACHE_TTL", "0"), ("GRAPHQL_TOKEN_SECONDS", "-100"),
    ("GRAPHQL_MAX_BODY_BYTES", "-1"), ("METRICS_FLUSH_SECONDS", "0"), ("READINESS_TIMEOUT_SECONDS", "x"),
    ("SHOP_STORAGE", "postgres"), ("SHOP_CURRENCY", "dollars"), ("LOG_LEVEL", "LOUD"), ("DJANGO_DEBUG", "maybe"),
    ("METRICS_PUT_METRIC_DATA", "2"), ("CORS_ALLOWED_ORIGINS", "shop.example.com"),
    # issue 11
    ("SQLITE_PATH", "/nonexistent/dir/db.sqlite3"), ("DATABASE_URL", "mysql://shop@db/shop"),
    ("DATABASE_URL", "postgres://shop@db:port/shop"), ("DATABASE_URL", "postgres://shop@db:5432"),
    ("DATABASE_CONN_MAX_AGE", "-1"), ("REDIS_URL", "localhost:6379"), ("REDIS_URL", "redis://cache:port/0"),
    ("SIGNIN_FAILURE_LIMIT", "0"), ("SIGNIN_COOLOFF_MINUTES", "forever"), ("DJANGO_HSTS_SECONDS", "-5"),
    ("DJANGO_HSTS_PRELOAD", "maybe"), ("DJANGO_SECURE_SSL_REDIRECT", "sometimes"), ("DJANGO_SECURE_COOKIES", "2"),
    ("FORWARDED_ALLOW_IPS", "the-load-balancer"),
])
def test_a_bad_value_is_one_line_naming_the_variable_and_what_is_allowed(name, value):
    result = manage("check", **{name: value})
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {name}={value!r} is not allowed: ") and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_good_values_pass():
    result = manage("check", DYNAMODB_MAX_ATTEMPTS="2", LOG_LEVEL="warning", DJANGO_DEBUG="true",
                    CORS_ALLOWED_ORIGINS="https://shop.example.com, http://localhost:5173")
    assert result.returncode == 0, result.stderr


def test_a_database_url_is_refused_without_printing_its_password():
    result = manage("check", DATABASE_URL="mysql://shop:hunter2@db/shop")
    assert result.returncode == 1 and "hunter2" not in result.stderr
    assert result.stderr.startswith("error: DATABASE_URL='mysql://shop:***@db/shop' is not allowed: ")


def test_an_unusable_sqlite_path_is_one_line_for_any_command(tmp_path):
    result = manage("seed_shop", SQLITE_PATH="/nonexistent/dir/db.sqlite3")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == ("error: SQLITE_PATH='/nonexistent/dir/db.sqlite3' is not allowed: "
                                     "a file path in an existing folder.")
    assert manage("check", SQLITE_PATH=str(tmp_path)).stderr.startswith("error: SQLITE_PATH=")  # a folder


@pytest.mark.parametrize(("name", "value"), [
    ("DYNAMODB_MAX_ATTEMPTS", "abc"), ("SQLITE_PATH", "/nonexistent/dir/db.sqlite3"), ("GUNICORN_THREADS", "0"),
    ("GUNICORN_KEEPALIVE", "long"), ("PORT", "99999"),
])
def test_the_server_refuses_a_bad_value_in_one_line_before_any_worker_starts(name, value):
    clean = {k: v for k, v in os.environ.items() if k != name}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "shop.asgi:application"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**clean, "DJANGO_SETTINGS_MODULE": "shop.settings", "DJANGO_SECRET_KEY": "x" * 50, "PORT": "1",
             name: value},
    )
    assert result.returncode == 1
    assert result.stderr.strip().startswith(f"error: {name}={value!r} is not allowed: ")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
