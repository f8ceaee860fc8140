"""SQL query budgets: listing and cart pages cost the same whatever the number of products."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cart.session import GUEST_KEY
from catalog.domain import ProductQuery, ProductSort
from catalog.selectors import product_list

# These budgets are about SQL; tests/contract/test_call_budgets.py counts DynamoDB calls.
pytestmark = [pytest.mark.parametrize("backend", ["sqlite"], indirect=True), pytest.mark.usefixtures("rendered_pages")]


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


def test_deep_pages_use_the_same_keyset_query_as_the_first(make_product):
    """No OFFSET: page N is one indexed range read from the previous page's last row."""
    fill(make_product, 12)
    query, cursor, sqls = ProductQuery(sort=ProductSort.PRICE_DESC), None, []
    for _ in range(4):
        with CaptureQueriesContext(connection) as captured:
            page = product_list(query=query, cursor=cursor, limit=3)
        sqls += [q["sql"] for q in captured.captured_queries]
        cursor = page.next_cursor
    assert len(sqls) == 4 and cursor is None
    assert not any("OFFSET" in sql.upper() for sql in sqls)
    assert all("LIMIT 4" in sql for sql in sqls)


@pytest.mark.parametrize("sort", list(ProductSort))
@pytest.mark.parametrize("by_category", [False, True])
def test_listing_queries_seek_an_index_instead_of_scanning(make_product, category, sort, by_category):
    fill(make_product, 6)
    query = ProductQuery(sort=sort, category_id=category.id if by_category else None)
    first = product_list(query=query, limit=2)
    with CaptureQueriesContext(connection) as captured:
        product_list(query=query, cursor=first.next_cursor, limit=2)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + captured.captured_queries[-1]["sql"])
        plan = " / ".join(row[-1] for row in cursor.fetchall())
    assert plan.startswith("SEARCH catalog_product USING") and "TEMP B-TREE" not in plan, plan


# -- search (storage.sql.search) -------------------------------------------------------------------------


def plan_of(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " / ".join(row[-1] for row in cursor.fetchall())


def search_queries(search: str, **query) -> list[dict]:
    with CaptureQueriesContext(connection) as captured:
        product_list(query=ProductQuery(search=search, **query), limit=24)
    return captured.captured_queries


def test_a_search_page_has_a_constant_query_budget(backend, monkeypatch):
    """A word in no product: one query; a rare one: two; a common one: three. At any catalog size."""
    monkeypatch.setattr("storage.sql.search.RARE_MATCHES", 100)  # so 500 products make "demo" common
    budgets = {}
    for size in (50, 500):
        call_command("seed_shop", "--no-progress", "--products", str(size))
        budgets[size] = {search: len(search_queries(search)) for search in ("zebra", "00001", "00001 mug", "demo")}
    assert budgets[50] == {"zebra": 1, "00001": 2, "00001 mug": 2, "demo": 2}  # 50 matches: rare
    assert budgets[500] == {"zebra": 1, "00001": 2, "00001 mug": 2, "demo": 3}


@pytest.mark.parametrize("sort", list(ProductSort))
@pytest.mark.parametrize("by_category", [False, True])
def test_a_rare_word_is_found_through_the_full_text_index(backend, category, sort, by_category):
    call_command("seed_shop", "--no-progress", "--products", "60")
    count, page = search_queries("00001", sort=sort, category_id=category.id if by_category else None)
    assert plan_of(count["sql"], []) == ("CO-ROUTINE found / SCAN catalog_product_search_fts VIRTUAL TABLE INDEX 0:M1 "
                                         "/ SCAN found")  # counts at most RARE_MATCHES + 1 index entries
    plan = plan_of(page["sql"], [])
    assert plan.startswith("SCAN catalog_product_search_fts VIRTUAL TABLE INDEX 0:M1 / "
                           "SEARCH catalog_product_search USING INTEGER PRIMARY KEY (rowid=?) / "
                           "SEARCH catalog_product USING INDEX sqlite_autoindex_catalog_product_1 (id=?)"), plan


@pytest.mark.parametrize("sort", list(ProductSort))
def test_a_common_word_is_read_along_the_listing_index_up_to_a_bound(backend, monkeypatch, sort):
    monkeypatch.setattr("storage.sql.search.RARE_MATCHES", 10)
    monkeypatch.setattr("storage.sql.search.SCAN_BOUND", 30)
    call_command("seed_shop", "--no-progress", "--products", "60")
    _, fence, page = search_queries("demo", sort=sort)
    assert plan_of(fence["sql"], []).startswith("SEARCH catalog_product USING COVERING INDEX product_")
    plan = plan_of(page["sql"], [])  # the index read between the page's start and the 30th row
    assert plan.startswith("SEARCH catalog_product USING INDEX product_") and "(active=? AND " in plan, plan
    assert "TEMP B-TREE" not in plan, plan
