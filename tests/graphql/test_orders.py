"""createOrder: priced by the server, PriceMismatch, OutOfStock lines, idempotent retries, the cart path."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from catalog.selectors import product_get
from orders.domain import OrderQuery
from storage import unit_of_work
from tests.graphql.conftest import error_types

CREATE = """mutation($i: CreateOrderInput!) {
  createOrder(input: $i) { id items lines { productId productName quantity price lineTotal } totalAmount status }
}"""


def order_input(product_id: str, quantity: int = 2, **extra) -> dict:
    return {"customerEmail": "alice@example.com", "customerName": "Alice", "shippingAddress": "1 Lane",
            "items": json.dumps([{"productId": product_id, "quantity": quantity}]), **extra}


@pytest.fixture
def kettle(make_product):
    return make_product(name="Kettle", price=Decimal("19.99"), stock=3)


def orders_count() -> int:
    return len(unit_of_work().orders.list(OrderQuery(), cursor=None, limit=100).items)


def test_the_server_prices_the_order_as_the_reference_client_sends_it(kettle, callers):
    items = [{"productId": kettle.id, "productName": "Kettle", "quantity": 2, "price": 19.99}]
    data = callers["customer"].ok(CREATE, {"i": order_input(kettle.id, items=items, status="PENDING",
                                                            totalAmount=39.98)})
    order = data["createOrder"]
    assert order["totalAmount"] == 39.98 and order["status"] == "PENDING"
    assert json.loads(order["items"]) == items
    assert order["lines"][0]["lineTotal"] == 39.98
    assert product_get(product_id=kettle.id).stock == 1


@pytest.mark.parametrize(("extra", "error_type"), [
    ({"items": json.dumps([{"productId": "KETTLE", "quantity": 2, "price": 0.01}])}, "PriceMismatch"),
    ({"status": "DELIVERED"}, "ValidationError"),
])
def test_a_client_price_or_status_that_contradicts_the_server_is_refused(kettle, callers, extra, error_type):
    extra = {key: value.replace("KETTLE", kettle.id) for key, value in extra.items()}
    _status, body = callers["customer"].call(CREATE, {"i": order_input(kettle.id, **extra)})
    assert error_types(body) == [error_type]
    assert product_get(product_id=kettle.id).stock == 3 and orders_count() == 0


def test_a_different_client_total_is_refused_and_nothing_is_written(kettle, callers):
    status, body = callers["customer"].call(CREATE, {"i": order_input(kettle.id, totalAmount=0.02)})
    assert status == 200 and error_types(body) == ["PriceMismatch"]
    assert body["errors"][0]["extensions"]["code"] == "PriceMismatch"
    assert product_get(product_id=kettle.id).stock == 3 and orders_count() == 0


def test_out_of_stock_names_the_short_lines(kettle, callers):
    _status, body = callers["customer"].call(CREATE, {"i": order_input(kettle.id, quantity=5)})
    assert error_types(body) == ["OutOfStock"]
    assert body["errors"][0]["errorInfo"] == {
        "lines": [{"productId": kettle.id, "productName": "Kettle", "requested": 5, "available": 3}]}
    assert product_get(product_id=kettle.id).stock == 3 and orders_count() == 0


def test_a_retry_with_the_same_key_returns_the_same_order(kettle, callers):
    first = callers["customer"].ok(CREATE, {"i": order_input(kettle.id, 1, idempotencyKey="abc")})["createOrder"]
    again = callers["customer"].ok(CREATE, {"i": order_input(kettle.id, 1, idempotencyKey="abc")})["createOrder"]
    assert again["id"] == first["id"]
    assert product_get(product_id=kettle.id).stock == 2 and orders_count() == 1


def test_without_items_the_callers_cart_is_ordered_and_emptied(kettle, callers):
    customer = callers["customer"]
    customer.ok(f'mutation {{ createCartItem(input: {{productId: "{kettle.id}", quantity: 2}}) {{ id }} }}')
    data = customer.ok(CREATE, {"i": {"customerEmail": "a@example.com", "customerName": "A", "shippingAddress": "B",
                                      "idempotencyKey": "cart-1"}})
    assert data["createOrder"]["totalAmount"] == 39.98
    assert customer.ok("{ listCartItems { items { id } } }")["listCartItems"]["items"] == []


@pytest.mark.parametrize("items", ['[{"productId": 1}]', "[]", '{"productId": "x"}', "not json"])
def test_malformed_items_are_a_validation_error(kettle, callers, items):
    status, body = callers["customer"].call(CREATE, {"i": {**order_input(kettle.id), "items": items}})
    assert status == 200 and error_types(body) == ["ValidationError"]
    assert orders_count() == 0
