"""The SQL search index itself (migration catalog 0004, storage.sql.search): it exists, follows every write,
and a migration fills it in for the products a shop already had. Behaviour is in tests/contract/test_search.py."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from catalog.domain import ProductQuery
from catalog.search import product_words
from catalog.selectors import product_list
from catalog.services import product_delete, product_update
from storage import unit_of_work

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
TRIGGERS = {"catalog_product_search_insert", "catalog_product_search_update", "catalog_product_search_delete"}


def fetch(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def indexed_ids(word: str) -> set[str]:
    """The products FTS5 finds a word in."""
    return {pid for (pid,) in fetch(
        "SELECT s.product_id FROM catalog_product_search_fts f JOIN catalog_product_search s ON s.id = f.rowid "
        "WHERE catalog_product_search_fts MATCH %s", [f'"{word}"'])}


def assert_index_matches_products() -> None:
    products = {p.id: p for p in unit_of_work().products.list(ProductQuery(active=None), cursor=None, limit=1000).items}
    assert {pid for (pid,) in fetch("SELECT product_id FROM catalog_product_search")} == set(products)
    everything = {word for p in products.values() for word in product_words(p.name, p.description)}
    for word in everything | {"gone", "old"}:
        assert indexed_ids(word) == {pid for pid, p in products.items() if word in product_words(p.name, p.description)}
    fetch("INSERT INTO catalog_product_search_fts (catalog_product_search_fts, rank) VALUES ('integrity-check', 0)")


def test_triggers_keep_the_index_in_step_with_every_write(make_product):
    """A migration that rebuilds catalog_product on SQLite (Django alters a table that way) drops these
    triggers; it must create them again, and this test says so."""
    assert {name for (name,) in fetch("SELECT name FROM sqlite_master WHERE type = 'trigger'")} >= TRIGGERS
    kept, renamed, gone = (make_product(name=f"{word} lamp", description="old") for word in ("Kept", "Renamed", "Gone"))
    call_command("seed_shop", "--no-progress", "--products", "12")
    product_update(product_id=renamed.id, name="Brass lamp", description="new")
    product_update(product_id=kept.id, stock=0)
    product_delete(product_id=gone.id)
    assert_index_matches_products()
    call_command("seed_shop", "--no-progress", "--reset", "--products", "3")
    assert_index_matches_products()


@pytest.mark.django_db(transaction=True)
def test_the_migration_indexes_the_products_a_shop_already_has(backend):
    executor = MigrationExecutor(connection)
    executor.migrate([("catalog", "0003_product_image_renditions")])
    try:
        old = executor.loader.project_state([("catalog", "0003_product_image_renditions")]).apps
        now = datetime(2026, 1, 1, tzinfo=UTC)
        old.get_model("catalog", "CategoryRecord").objects.create(id="c1", name="Kitchen", slug="kitchen",
                                                                  created_at=now, updated_at=now)
        old.get_model("catalog", "ProductRecord").objects.create(
            id="p1", name="Café kettle", slug="cafe-kettle", description="Boils.", price=Decimal("5.00"),
            category_id="c1", created_at=now, updated_at=now)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert [p.name for p in product_list(query=ProductQuery(search="cafe boils"), limit=5).items] == ["Café kettle"]
    assert_index_matches_products()
