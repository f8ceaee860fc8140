"""The order status pipeline, on both backends."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.services import public_user_id
from catalog.selectors import product_get
from core.errors import InvalidTransition, NotFound, ValidationError
from orders.domain import OrderStatus
from orders.selectors import order_get, order_list
from orders.services import order_change_status


@pytest.fixture
def order(make_product, customer, place_order):
    mug = make_product(name="Mug", stock=5)
    return place_order(user_id=public_user_id(customer), items=[(mug.id, 2)])


def test_happy_path_to_delivered(order):
    for status in ("PAID", "SHIPPED", "DELIVERED"):
        order_change_status(order_id=order.id, status=status)
        assert order_get(order_id=order.id).status == OrderStatus(status)


@pytest.mark.parametrize(("path", "refused"), [
    ([], "SHIPPED"), ([], "DELIVERED"), (["PAID"], "PENDING"), (["PAID", "SHIPPED"], "CANCELLED"),
    (["CANCELLED"], "PAID"), (["PAID", "SHIPPED", "DELIVERED"], "SHIPPED"),
])
def test_refused_transitions_change_nothing(order, path, refused):
    for status in path:
        order_change_status(order_id=order.id, status=status)
    before = order_get(order_id=order.id)
    with pytest.raises(InvalidTransition):
        order_change_status(order_id=order.id, status=refused)
    after = order_get(order_id=order.id)
    assert (after.status, after.updated_at) == (before.status, before.updated_at)


@pytest.mark.parametrize("path", [["CANCELLED"], ["PAID", "CANCELLED"]])
def test_cancelling_restores_stock(order, path):
    product_id = order.lines[0].product_id
    assert product_get(product_id=product_id).stock == 3
    for status in path:
        order_change_status(order_id=order.id, status=status)
    assert product_get(product_id=product_id).stock == 5
    with pytest.raises(InvalidTransition):  # a second cancel can't restore twice
        order_change_status(order_id=order.id, status="CANCELLED")
    assert product_get(product_id=product_id).stock == 5


def test_status_filter_and_bad_input(order):
    order_change_status(order_id=order.id, status="paid")
    assert [o.id for o in order_list(status=OrderStatus.PAID).items] == [order.id]
    assert order_list(status=OrderStatus.PENDING).items == []
    with pytest.raises(ValidationError):
        order_change_status(order_id=order.id, status="LOST")
    with pytest.raises(NotFound):
        order_change_status(order_id="nope", status="PAID")


def test_operators_move_orders_with_a_command_and_bad_input_changes_nothing(order):
    out = io.StringIO()
    call_command("order_status", order.number.replace("-", "").lower(), "paid", stdout=out)
    assert out.getvalue().strip() == f"Order {order.number} is now PAID."
    for args, message in [((order.id, "SHIPPED"), None), ((order.id, "PENDING"), "cannot become PENDING"),
                          ((order.id, "LOST"), "Unknown status"), (("SH-AAAAA-AAAAA", "PAID"), "does not exist"),
                          ((" ", "PAID"), "Name an order"), (("x" * 40, "PAID"), "Name an order")]:
        if message is None:
            call_command("order_status", *args, stdout=io.StringIO())
            continue
        with pytest.raises(CommandError, match=message):
            call_command("order_status", *args)
    assert order_get(order_id=order.id).status is OrderStatus.SHIPPED
