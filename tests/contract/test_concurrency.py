"""Twenty shoppers race for the last ten units: exactly ten orders, stock never below zero."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection

from catalog.selectors import product_get
from catalog.services import product_update
from core.errors import ConditionFailed, OutOfStock
from orders.selectors import order_list
from orders.services import order_place
from tests.aws import SerialMotoServer

SHOPPERS = 20
UNITS = 10


@pytest.fixture
def race_storage(backend, settings):
    """sqlite as is; dynamodb on a serialized moto server with fresh tables."""
    if backend != "dynamodb":
        yield backend
        return
    from tests.dynamodb_support import fresh_tables

    server = SerialMotoServer().start()
    session_endpoint = os.environ["AWS_ENDPOINT_URL"]
    os.environ["AWS_ENDPOINT_URL"] = server.url
    tables = fresh_tables(server, settings)
    try:
        next(tables)
        yield backend
    finally:
        tables.close()  # deletes the tables while the endpoint still points at this server
        # Restored here, not by monkeypatch: the session tables' teardown runs next and needs it.
        os.environ["AWS_ENDPOINT_URL"] = session_endpoint
        server.stop()


@pytest.mark.django_db(transaction=True)  # real commits on the file test database, seen by every thread
def test_twenty_threads_buy_the_last_ten_units(race_storage, make_product):
    product = make_product(name="Last Kettle", stock=UNITS)
    start = threading.Barrier(SHOPPERS)

    def buy(n: int) -> str:
        try:
            start.wait()
            order_place(user_id=f"racer-{n}", idempotency_key=f"race-{n}", items=[(product.id, 1)],
                        customer_name=f"Racer {n}", customer_email=f"racer{n}@example.com", shipping_address="Track")
            return "ordered"
        except OutOfStock:
            return "sold out"
        finally:
            connection.close()  # each thread opened its own database connection

    with ThreadPoolExecutor(max_workers=SHOPPERS) as pool:
        outcomes = list(pool.map(buy, range(SHOPPERS)))

    assert outcomes.count("ordered") == UNITS and outcomes.count("sold out") == SHOPPERS - UNITS
    assert product_get(product_id=product.id).stock == 0
    orders = order_list(limit=50).items
    assert len(orders) == UNITS and len({o.user_id for o in orders}) == UNITS


@pytest.mark.django_db(transaction=True)
def test_a_condition_holds_at_the_moment_of_the_write_whoever_races(race_storage, make_product):
    """Ten editors each raise the price only if it is still 10.00: exactly one wins, the others get
    ConditionalCheckFailedException, and a sale running meanwhile is never overwritten."""
    product = make_product(name="Kettle", price=Decimal("10.00"), stock=UNITS)
    editors = 10
    start = threading.Barrier(editors + 1)

    def edit(n: int) -> str:
        try:
            start.wait()
            product_update(product_id=product.id, price=f"{11 + n}.00",
                           condition=lambda current: current is not None and current.price == Decimal("10.00"))
            return "changed"
        except ConditionFailed:
            return "refused"
        finally:
            connection.close()

    def sell() -> None:
        try:
            start.wait()
            order_place(user_id="buyer", idempotency_key="sale", items=[(product.id, 2)], customer_name="B",
                        customer_email="b@example.com", shipping_address="Road")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=editors + 1) as pool:
        sale = pool.submit(sell)
        outcomes = list(pool.map(edit, range(editors)))
        sale.result()

    assert outcomes.count("changed") == 1 and outcomes.count("refused") == editors - 1
    final = product_get(product_id=product.id)
    assert final.price == Decimal(f"{11 + outcomes.index('changed')}.00")
    assert final.stock == UNITS - 2
