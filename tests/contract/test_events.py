"""Domain events are published only once a write has committed, on both backends."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cart.domain import CartItemChanged
from cart.services import cart_add, cart_remove, cart_set_quantity
from catalog.domain import CategoryChanged, ProductChanged, StockChanged
from catalog.services import category_update, product_create, product_delete, product_update
from core.errors import ConditionFailed, OutOfStock, StaleWrite
from core.events import subscribe, unsubscribe
from orders.domain import OrderPlaced, OrderStatus, OrderStatusChanged
from orders.services import order_change_status
from storage import unit_of_work

EVENT_TYPES = (OrderPlaced, OrderStatusChanged, ProductChanged, StockChanged, CategoryChanged, CartItemChanged)


@pytest.fixture
def published():
    seen: list = []
    for event_type in EVENT_TYPES:
        subscribe(event_type, seen.append)
    yield seen
    for event_type in EVENT_TYPES:
        unsubscribe(event_type, seen.append)


def kinds(events: list) -> list[str]:
    return [type(event).__name__ for event in events]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs the SQL backend's on-commit callbacks as the test's own transaction would on commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_placing_and_moving_an_order_publish_after_commit(make_product, place_order, published, committed):
    kettle = make_product(name="Kettle", stock=3)
    published.clear()  # making the product published ProductChanged
    with committed():
        order = place_order(items=[(kettle.id, 2)])
    assert kinds(published) == ["OrderPlaced", "StockChanged"]
    assert published[0].order.id == order.id and published[1].product_ids == (kettle.id,)

    with committed():
        order_change_status(order_id=order.id, status="PAID")
    changed = published[-1]
    assert isinstance(changed, OrderStatusChanged)
    assert (changed.order.status, changed.previous) == (OrderStatus.PAID, OrderStatus.PENDING)


def test_a_refused_or_lost_write_publishes_nothing(make_product, place_order, published, committed):
    kettle = make_product(name="Kettle", stock=1)
    published.clear()
    with committed():
        order = place_order(items=[(kettle.id, 1)])
        with pytest.raises(OutOfStock):
            place_order(items=[(kettle.id, 1)], key="second")
        uow = unit_of_work()
        with pytest.raises(StaleWrite), uow:
            uow.orders.update_status(order.id, expected=OrderStatus.PAID, new=OrderStatus.SHIPPED,
                                     updated_at=order.updated_at)
            uow.on_commit(lambda: published.append("lost race"))
            uow.commit()
    assert kinds(published) == ["OrderPlaced", "StockChanged"]


def test_catalog_and_cart_writes_publish_what_changed_after_commit(category, published, committed):
    with committed():
        product = product_create(name="Teapot", price="12.00", category_id=category.id, stock=4)
        product_update(product_id=product.id, price="11.00")
        cart_add(owner="user:7", product_id=product.id, quantity=2)
        cart_set_quantity(owner="user:7", product_id=product.id, quantity=3)
        cart_remove(owner="user:7", product_id=product.id)
        with pytest.raises(ConditionFailed):
            product_update(product_id=product.id, stock=1, condition=lambda current: current.price == Decimal(99))
        category_update(category_id=category.id, description="Pots")
        product_delete(product_id=product.id)
    assert [(kinds([e])[0], e.action) for e in published] == [
        ("ProductChanged", "create"), ("ProductChanged", "update"), ("CartItemChanged", "create"),
        ("CartItemChanged", "update"), ("CartItemChanged", "delete"), ("CategoryChanged", "update"),
        ("ProductChanged", "delete")]
    assert published[1].product.price == Decimal("11.00") and published[3].item.quantity == 3


def test_a_failing_handler_neither_breaks_the_write_nor_the_other_handlers(make_product, place_order, published,
                                                                             committed):
    def broken(event):
        raise RuntimeError("mail server down")

    unsubscribe(OrderPlaced, published.append)
    subscribe(OrderPlaced, broken)  # runs first, then the recorder
    subscribe(OrderPlaced, published.append)
    try:
        with committed():
            order = place_order(items=[(make_product(stock=2).id, 1)])
    finally:
        unsubscribe(OrderPlaced, broken)
    assert order.number and [e.order.id for e in published if isinstance(e, OrderPlaced)] == [order.id]
