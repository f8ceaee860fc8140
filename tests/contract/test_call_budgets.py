"""DynamoDB call budgets for the shopper's hot paths, counted by the botocore event hooks."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.services import public_user_id
from cart.domain import user_owner
from cart.services import cart_add
from catalog.search import matches, product_words, search_words, word_list
from catalog.seeding import demo_categories, demo_product
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


# -- search: the calls a page costs do not grow with the catalog ---------------------------------------


def demo_matches(size: int, search: str, category_slug: str | None) -> list:
    """The seeded products a search should find, by the rule itself (catalog.search) over the demo data."""
    categories = demo_categories()
    wanted = search_words(search)
    return [p for p in (demo_product(n, categories) for n in range(1, size + 1))
            if matches(word_list(product_words(p.name, p.description)), wanted)
            and category_slug in (None, next(c.slug for c in categories if c.id == p.category_id))]


SEARCHES = [
    "00001",  # a rare word, on the oldest product: the last one in "newest" (a home & kitchen product)
    "00005",  # the same in the beauty category
    "demo",  # in every product
    "data demo",  # two words: one read, the other checked by the Query's filter
    "zebra",  # in none
    "zebra demo",  # the longer word first: one read, which ends empty
]
PAGES = [("/products/?q={}", None), ("/products/?q={}&sort=price_desc", None), ("/categories/beauty/?q={}", "beauty")]


def test_a_search_page_costs_the_same_calls_at_any_catalog_size(backend):
    calls_at: dict[int, dict] = {}
    for size in (50, 500):
        call_command("seed_shop", "--no-progress", "--products", str(size))  # the 450 more, the second time
        client = Client()
        client.get("/products/")  # warms the category cache
        calls_at[size] = {}
        for search in SEARCHES:
            for url, category_slug in PAGES:
                with track_storage_calls() as tracked:
                    response = client.get(url.format(search))
                expected = demo_matches(size, search, category_slug)
                found = response.context["products"]
                assert len(found) == min(24, len(expected)) and {p.id for p in found} <= {p.id for p in expected}
                calls_at[size][url.format(search)] = dynamodb_calls(tracked)
                assert calls_at[size][url.format(search)] == (
                    {"Query": 1, "BatchGetItem": 1} if expected else {"Query": 1})
    assert calls_at[50] == calls_at[500]
