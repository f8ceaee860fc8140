"""Fixtures shared by the whole suite.

`backend` is the heart of the contract suite: a test that takes it runs once per storage backend.
Staff users, their permissions and placed orders are made here too, so every test makes them alike.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.test import Client

from catalog.domain import Category, Product
from catalog.services import category_create, product_create
from orders.domain import Order
from orders.services import order_place
from tests.aws import MotoServer, aws_environment

BACKENDS = ["sqlite", "dynamodb"]

# Every permission a shop staff member can hold (Django's codenames, app labels left out).
STAFF_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("categoryrecord", "productrecord")
    for action in ("view", "add", "change", "delete")
] + ["view_orderrecord", "change_orderrecord"]

# Who an order placed by `place_order` is for, unless a test says otherwise.
SHOPPER_DETAILS = {"customer_name": "Ada Lovelace", "customer_email": "ada@example.com",
                   "shipping_address": "1 Analytical Way\nLondon"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    from accounts.services import local_api_keys
    from api.cache import local as local_responses
    from shop.page_cache import local_pages

    clears = (cache.clear, local_pages.clear, local_responses.clear, local_api_keys.clear)
    for clear in clears:
        clear()
    yield
    for clear in clears:
        clear()


@pytest.fixture
def rendered_pages(settings):
    """Pages rendered on every request (the page cache off): for tests that count what rendering costs."""
    settings.PAGE_CACHE_SECONDS = 0


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


@pytest.fixture
def make_staff(db, password):
    """make_staff("carol", ["change_productrecord"]): a staff user holding just those permissions."""

    def make(username: str = "staff", codenames: list[str] = STAFF_PERMISSIONS) -> User:
        user = User.objects.create_user(username, f"{username}@example.com", password, is_staff=True)
        user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
        return user

    return make


@pytest.fixture
def staff_client(make_staff):
    """staff_client("viewer", [...]): a test client signed in as a new staff user with those permissions."""

    def make(username: str = "staff", codenames: list[str] = STAFF_PERMISSIONS) -> Client:
        client = Client()
        client.force_login(make_staff(username, codenames))
        return client

    return make


@pytest.fixture
def place_order():
    """place_order(items=[(product_id, quantity)], user_id=..., key=...): an order through the service."""

    def place(*, user_id: object = "42", key: str = "k1", **values: object) -> Order:
        return order_place(user_id=user_id, idempotency_key=key, **{**SHOPPER_DETAILS, **values})

    return place


# -- real PostgreSQL and Redis servers (tests/services.py) ------------------------------------------


def _service(factory, package: str):
    try:
        server = factory().start()
    except FileNotFoundError as missing:
        pytest.skip(f"SKIPPED LOUDLY: {missing} is not installed; `apt-get install {package}` (.ci/run does)")
    return server


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL server for the session (Debian's binaries, as the postgres user), stopped at the end."""
    from tests.services import PostgresServer

    server = _service(PostgresServer, "postgresql")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_server():
    """One redis-server for the session, stopped at the end."""
    from tests.services import RedisServer

    server = _service(RedisServer, "redis-server")
    try:
        yield server
    finally:
        server.stop()


# -- email --------------------------------------------------------------------------------------------


@pytest.fixture
def mail_folder(settings, tmp_path):
    """Django's file backend writing into a fresh folder, as in development; read it with tests.mail."""
    from tests.mail import use_mail_folder

    return use_mail_folder(settings, tmp_path)
