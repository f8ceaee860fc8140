"""DynamoDB call budgets for the shopper's hot paths, counted by the botocore event hooks."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.services import public_user_id
from cart.domain import user_owner
from cart.services import cart_add
from storage.metrics import track_storage_calls

pytestmark = [pytest.mark.parametrize("backend", ["dynamodb"], indirect=True),
              pytest.mark.usefixtures("rendered_pages")]  # what rendering a page costs; tests/test_page_cache.py

@pytest.fixture
def products(make_product):
    return [make_product(name=f"Item {n:02d}", stock=20) for n in range(30)]


def dynamodb_calls(calls) -> dict[str, int]:
    """DynamoDB operations only: the request middleware also counts Django's own SQL (sessions, users)."""
    return {operation: n for operation, n in calls.by_operation.items() if operation != "sql"}


def counted(client: Client, url: str) -> dict[str, int]:
    client.get(url)  # warms the category cache (catalog.selectors.category_list)
    with track_storage_calls() as calls:
        assert client.get(url).status_code == 200
    return dynamodb_calls(calls)


@pytest.mark.parametrize("url", ["/products/", "/products/?sort=price_desc", "/categories/kitchen/?sort=name"])
def test_product_list_page_is_one_query(products, url):
    assert counted(Client(), url) == {"Query": 1}


def test_product_page_is_one_call(products):
    assert sum(counted(Client(), f"/products/{products[0].slug}/").values()) == 1


def test_cart_page_is_at_most_two_calls(products):
    client = Client()
    for product in products[:5]:
        client.post("/cart/add/", {"product_id": product.id, "quantity": "1"})
    assert counted(client, "/cart/") == {"Query": 1, "BatchGetItem": 1}


def test_placing_an_order_with_items_is_two_calls(products, customer, place_order):
    with track_storage_calls() as calls:
        place_order(user_id=public_user_id(customer), items=[(p.id, 1) for p in products[:5]])
    assert dynamodb_calls(calls) == {"BatchGetItem": 1, "TransactWriteItems": 1}


def test_placing_an_order_from_the_cart_is_three_calls(products, customer, place_order):
    owner = user_owner(public_user_id(customer))
    for product in products[:5]:
        cart_add(owner=owner, product_id=product.id, quantity=2)
    with track_storage_calls() as calls:
        order = place_order(user_id=public_user_id(customer), cart_owner=owner)
    assert len(order.lines) == 5
    assert dynamodb_calls(calls) == {"Query": 1, "BatchGetItem": 1, "TransactWriteItems": 1}
