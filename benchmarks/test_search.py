"""Search against a plain listing page on a 100 000-product SQLite catalog (storage.sql.search).

    make bench                       # with the listing pages
    BENCH_PRODUCTS=20000 make bench  # quicker

Each demo product's name is an adjective, a noun and its number ("Classic Kettle 00012"), so a number
is a rare word (one product), a noun a common one (one product in 36), an adjective one in ten, and
"demo" is in every description.
"""

from __future__ import annotations

import pytest

from catalog.domain import ProductQuery, ProductSort
from catalog.selectors import product_list

PAGE = 24
CASES = {
    "list page, no search": ProductQuery(),
    "rare word": ProductQuery(search="00012"),
    "absent word": ProductQuery(search="zebra"),
    "common word (1 in 36)": ProductQuery(search="kettle"),
    "common word (1 in 10)": ProductQuery(search="classic"),
    "word in every product": ProductQuery(search="demo"),
    "two common words together": ProductQuery(search="classic kettle"),
    "two common words never together": ProductQuery(search="classic vintage"),
    # The worst case: a common word whose products all sort last (names start with the adjective).
    "common word sorted far down (by name)": ProductQuery(search="vintage", sort=ProductSort.NAME),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(CASES))
def test_search_page(benchmark, big_catalog, settings, case):
    settings.SHOP_STORAGE = "sqlite"
    page = benchmark(product_list, query=CASES[case], limit=PAGE)
    assert len(page.items) == (0 if "absent" in case or "never" in case else 1 if "rare" in case else PAGE)
