"""A lost race reads the same on every backend: backends raise typed errors with data, and core.errors
words each kind once (the SQL and DynamoDB backends once said different things for the same race)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from catalog.selectors import product_get
from catalog.services import category_create, category_delete, product_create
from core.errors import STALE_WRITE_MESSAGES, StaleWrite
from orders.domain import OrderStatus
from orders.services import order_change_status
from storage import unit_of_work


def lost_races(place_order) -> dict[str, tuple[str, str, str]]:
    """Loses three races on the configured backend; (error type, entity, message) of each."""
    kitchen = category_create(name="Kitchen")
    kettle = product_create(name="Kettle", price="20.00", category_id=kitchen.id, stock=5)
    seen = {}

    stale = product_get(product_id=kettle.id)
    place_order(items=[(kettle.id, 1)], key="sale")  # a sale lands while staff edit the product
    uow = unit_of_work()
    with pytest.raises(StaleWrite) as edit, uow:
        uow.products.update(replace(stale, price=Decimal("25.00")), previous=stale)
        uow.commit()
    seen["product edited after a sale"] = edit.value

    order = place_order(items=[(kettle.id, 1)], key="status")
    order_change_status(order_id=order.id, status="PAID")  # another member of staff moved it first
    uow = unit_of_work()
    with pytest.raises(StaleWrite) as status, uow:
        uow.orders.update_status(order.id, expected=OrderStatus.PENDING, new=OrderStatus.CANCELLED,
                                 updated_at=order.updated_at)
        uow.commit()
    seen["order status moved meanwhile"] = status.value

    garden = category_create(name="Garden")
    category_delete(category_id=garden.id)  # deleted while someone edited it
    uow = unit_of_work()
    with pytest.raises(StaleWrite) as rename, uow:
        uow.categories.update(replace(garden, name="Yard"), previous=garden)
        uow.commit()
    seen["category edited after its deletion"] = rename.value

    return {race: (type(error).__name__, error.entity, error.message) for race, error in seen.items()}


def test_both_backends_report_the_same_conflict_in_the_same_words(settings, db, dynamodb_tables, place_order):
    settings.SHOP_STORAGE = "sqlite"
    on_sql = lost_races(place_order)
    settings.SHOP_STORAGE = "dynamodb"
    on_dynamodb = lost_races(place_order)

    assert on_sql == on_dynamodb
    assert {entity: message for _, entity, message in on_sql.values()} == {
        entity: STALE_WRITE_MESSAGES[entity] for entity in ("product", "order", "category")
    }
