"""DynamoDB calls (and items read) per search page at two catalog sizes, on moto's server over HTTP.

Counts, not times: what a page costs on DynamoDB is its calls and the items they read (RCUs).

    .venv/bin/python -m benchmarks.search_calls [--sizes 1000 5000]
"""

from __future__ import annotations

import argparse
import os
import uuid

import django

CASES = {
    "rare word (the oldest product: last in newest)": {"search": "00001"},
    "rare word, by price": {"search": "00001", "sort": "price_desc"},
    "absent word": {"search": "zebra"},
    "common word (1 in 36)": {"search": "kettle"},
    "word in every product": {"search": "demo"},
    "two words, together in 1 in 360": {"search": "classic kettle"},
    "a category, a common word": {"search": "mug", "category": "home-kitchen"},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    sizes = parser.parse_args().sizes
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()
    from django.conf import settings

    from catalog.domain import ProductQuery, ProductSort
    from catalog.seeding import demo_categories, seed_demo_catalog
    from catalog.selectors import product_list
    from storage.dynamodb.client import dynamodb_client
    from storage.dynamodb.provisioning import delete_tables, ensure_tables
    from storage.metrics import track_storage_calls
    from tests.aws import MotoServer, aws_environment

    settings.SHOP_STORAGE = "dynamodb"
    settings.DYNAMODB_TABLE_PREFIX = f"calls{uuid.uuid4().hex[:6]}-"
    categories = {c.slug: c.id for c in demo_categories()}
    server = MotoServer().start()
    try:
        with aws_environment(server.url):
            ensure_tables(dynamodb_client(), wait=False, point_in_time_recovery=False)
            results: dict[str, list[str]] = {name: [] for name in CASES}
            for size in sizes:
                seed_demo_catalog(products=size)  # adds what the previous size did not have
                for name, case in CASES.items():
                    query = ProductQuery(search=case["search"], sort=ProductSort(case.get("sort", "newest")),
                                         category_id=categories.get(case.get("category", "")))
                    with track_storage_calls() as calls:
                        page = product_list(query=query, limit=24)
                    spent = ", ".join(f"{n} {op}" for op, n in sorted(calls.by_operation.items()))
                    results[name].append(f"{spent} -> {len(page.items)}{'+' if page.next_cursor else ''}")
            delete_tables(wait=False)
    finally:
        server.stop()
    print(f"{'page of 24':50} " + " | ".join(f"{size} products" for size in sizes))
    for name, cells in results.items():
        print(f"{name:50} " + " | ".join(cells))


if __name__ == "__main__":
    main()
