"""SQL query budgets: listing and cart pages cost the same whatever the number of products."""

from __future__ import annotations

import pytest
from django.test import Client

from cart.session import GUEST_KEY

# These budgets are about SQL; tests/contract/test_call_budgets.py counts DynamoDB calls.
pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def fill(make_product, count: int) -> list:
    return [make_product(name=f"Item {n:03d}") for n in range(count)]


def warm(client: Client, url: str) -> None:
    client.get(url)  # the category list is cached after the first page (see catalog.selectors)


@pytest.mark.parametrize("count", [3, 40])
def test_product_list_page_has_a_constant_query_budget(make_product, django_assert_max_num_queries, count):
    fill(make_product, count)
    client = Client()
    warm(client, "/products/")
    with django_assert_max_num_queries(3):
        assert client.get("/products/?sort=price_asc").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/products/?q=item&category=kitchen").status_code == 200


@pytest.mark.parametrize("count", [2, 30])
def test_cart_page_has_a_constant_query_budget(make_product, django_assert_max_num_queries, count):
    client = Client()
    for product in fill(make_product, count):
        client.post("/cart/add/", {"product_id": product.id, "quantity": "1"})
    assert client.session[GUEST_KEY]
    warm(client, "/cart/")  # first view also writes the cart badge count into the session
    with django_assert_max_num_queries(3):
        response = client.get("/cart/")
    assert len(response.context["cart"].lines) == count


def test_product_page_has_a_constant_query_budget(make_product, django_assert_max_num_queries):
    product = fill(make_product, 5)[0]
    client = Client()
    warm(client, "/")
    with django_assert_max_num_queries(2):
        assert client.get(f"/products/{product.slug}/").status_code == 200
