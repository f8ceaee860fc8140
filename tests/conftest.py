"""Fixtures shared by the whole suite.

`backend` is the heart of the contract suite: a test that takes it runs once per storage backend.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from catalog.domain import Category, Product
from catalog.services import category_create, product_create
from tests.aws import MotoServer, aws_environment

BACKENDS = ["sqlite", "dynamodb"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def moto_server():
    """One moto server for the session, on a free port of 127.0.0.1, stopped at the end."""
    server = MotoServer().start()
    try:
        with aws_environment(server.url):
            yield server
    finally:
        server.stop()


@pytest.fixture(params=BACKENDS)
def backend(request, settings, db) -> str:
    settings.SHOP_STORAGE = request.param
    if request.param == "dynamodb":
        request.getfixturevalue("dynamodb_tables")
    return request.param


@pytest.fixture
def dynamodb_tables(moto_server, settings):
    """Empty shop tables on the moto server for one test (see tests/dynamodb_support.py)."""
    from tests.dynamodb_support import fresh_tables

    yield from fresh_tables(moto_server, settings)


@pytest.fixture
def category(backend) -> Category:
    return category_create(name="Kitchen", description="Pots and pans")


@pytest.fixture
def make_product(backend, category):
    counter = iter(range(1, 10_000))

    def make(**values) -> Product:
        n = next(counter)
        defaults = {"name": f"Product {n:03d}", "price": Decimal("10.00"), "category_id": category.id, "stock": 10}
        return product_create(**{**defaults, **values})

    return make


@pytest.fixture
def password() -> str:
    return "correct-horse-battery-9"


@pytest.fixture
def customer(db, password) -> User:
    return User.objects.create_user("alice", "alice@example.com", password)


@pytest.fixture
def other_customer(db, password) -> User:
    return User.objects.create_user("bob", "bob@example.com", password)


@pytest.fixture
def customer_client(customer) -> Client:
    client = Client()
    client.force_login(customer)
    return client
