"""Order reads. Shoppers only ever see their own orders."""

from __future__ import annotations

from core.errors import NotFound
from core.pagination import Page
from orders.domain import Order, OrderQuery, OrderStatus, normalize_order_number
from storage import unit_of_work

PAGE_SIZE = 20


def order_get_for_user(*, user_id: str, order_id: str) -> Order:
    order = unit_of_work().orders.get(order_id)
    if order is None or order.user_id != str(user_id):
        raise NotFound("That order does not exist.")
    return order


def order_page(*, query: OrderQuery, cursor: str | None = None, limit: int = PAGE_SIZE) -> Page[Order]:
    return unit_of_work().orders.list(query, cursor=cursor, limit=limit)


def order_list_for_user(*, user_id: str, cursor: str | None = None, limit: int = PAGE_SIZE) -> Page[Order]:
    return order_page(query=OrderQuery(user_id=str(user_id)), cursor=cursor, limit=limit)


def order_get(*, order_id: str) -> Order:
    order = unit_of_work().orders.get(order_id)
    if order is None:
        raise NotFound("That order does not exist.")
    return order


def order_list(*, status: OrderStatus | None = None, cursor: str | None = None, limit: int = PAGE_SIZE) -> Page[Order]:
    return order_page(query=OrderQuery(status=status), cursor=cursor, limit=limit)


def order_find_by_number(*, number: str) -> Order | None:
    """Staff search: the order with this number, written in any case, with or without dashes."""
    normalized = normalize_order_number(number)
    return unit_of_work().orders.get_by_number(normalized) if normalized else None
