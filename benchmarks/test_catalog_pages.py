"""Keyset pagination: page 500 of a 100k catalog should cost what page 1 costs.

    make bench                       # 100 000 products on SQLite
    BENCH_PRODUCTS=20000 make bench  # quicker
"""

from __future__ import annotations

import pytest

from catalog.domain import ProductQuery, ProductSort
from catalog.selectors import product_list

PAGE = 24


def cursor_of_page(query: ProductQuery, number: int) -> str | None:
    cursor = None
    for _ in range(number - 1):
        cursor = product_list(query=query, cursor=cursor, limit=PAGE).next_cursor
    return cursor


@pytest.mark.django_db
@pytest.mark.parametrize("sort", [ProductSort.NEWEST, ProductSort.PRICE_ASC])
@pytest.mark.parametrize("page_number", [1, 500])
def test_catalog_page(benchmark, big_catalog, settings, sort, page_number):
    settings.SHOP_STORAGE = "sqlite"
    query = ProductQuery(sort=sort)
    cursor = cursor_of_page(query, page_number)
    page = benchmark(product_list, query=query, cursor=cursor, limit=PAGE)
    assert len(page.items) == PAGE
