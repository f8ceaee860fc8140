"""Domain events are published only once a write has committed, on both backends."""

from __future__ import annotations

import pytest

from core.errors import OutOfStock, StaleWrite
from core.events import subscribe, unsubscribe
from orders.domain import OrderPlaced, OrderStatus, OrderStatusChanged
from orders.services import order_change_status
from storage import unit_of_work


@pytest.fixture
def published():
    seen: list = []
    for event_type in (OrderPlaced, OrderStatusChanged):
        subscribe(event_type, seen.append)
    yield seen
    for event_type in (OrderPlaced, OrderStatusChanged):
        unsubscribe(event_type, seen.append)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs the SQL backend's on-commit callbacks as the test's own transaction would on commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_placing_and_moving_an_order_publish_after_commit(make_product, place_order, published, committed):
    kettle = make_product(name="Kettle", stock=3)
    with committed():
        order = place_order(items=[(kettle.id, 2)])
    assert [(type(e).__name__, e.order.id) for e in published] == [("OrderPlaced", order.id)]

    with committed():
        order_change_status(order_id=order.id, status="PAID")
    changed = published[-1]
    assert isinstance(changed, OrderStatusChanged)
    assert (changed.order.status, changed.previous) == (OrderStatus.PAID, OrderStatus.PENDING)


def test_a_refused_or_lost_write_publishes_nothing(make_product, place_order, published, committed):
    kettle = make_product(name="Kettle", stock=1)
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
    assert [type(e).__name__ for e in published] == ["OrderPlaced"]


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
    assert order.number and [e.order.id for e in published] == [order.id]
