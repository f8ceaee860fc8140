"""Benchmarks run with `make bench`, never inside `make test`: they measure time, tests count things."""

import os

import pytest
from django.core.management import call_command

PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "100000"))


@pytest.fixture(scope="session")
def big_catalog(django_db_setup, django_db_blocker) -> int:
    with django_db_blocker.unblock():
        call_command("seed_shop", "--products", str(PRODUCTS), "--no-progress")
    return PRODUCTS
