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
