"""Seeding the demo catalog, on both backends."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from catalog.domain import ProductQuery
from catalog.selectors import category_list, product_list
from catalog.services import category_create, product_delete


def everything() -> list[str]:
    names, cursor = [], None
    while True:
        page = product_list(query=ProductQuery(active=None), cursor=cursor, limit=100)
        names += [p.id for p in page.items]
        if not page.next_cursor:
            return names
        cursor = page.next_cursor


def test_seeding_twice_creates_nothing_new(backend, capsys):
    call_command("seed_shop", "--no-progress")
    first = everything()
    call_command("seed_shop", "--no-progress")
    assert "0 categories and 0 products created" in capsys.readouterr().out
    assert everything() == first and len(first) == 60
    categories = category_list()
    assert len(categories) == 6 and sum(c.product_count for c in categories) == 60
    shoppable = product_list(query=ProductQuery(in_stock=True), limit=100).items
    assert 0 < len(shoppable) < 60
    assert any(p.on_sale for p in shoppable)


def test_reset_clears_shop_data_first(backend):
    category_create(name="Leftover")
    call_command("seed_shop", "--no-progress", "--reset", "--products", "10")
    assert "Leftover" not in [c.name for c in category_list()]
    assert len(everything()) == 10


@pytest.mark.parametrize("count", ["0", "-5", "100001"])
def test_bad_product_count_is_refused(backend, count):
    with pytest.raises(CommandError):
        call_command("seed_shop", "--no-progress", "--products", count)
    assert category_list() == []


def test_if_empty_leaves_a_shop_with_data_alone(backend):
    call_command("seed_shop", "--no-progress", "--products", "5")
    [gone, *_] = everything()
    product_delete(product_id=gone)
    call_command("seed_shop", "--no-progress", "--if-empty")
    assert gone not in everything() and len(everything()) == 4
