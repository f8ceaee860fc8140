"""Staff order search, on both backends: by number (any case and dashes) and by email (any case),
newest or oldest first."""

from __future__ import annotations

from orders.domain import OrderQuery, normalize_order_number, order_id_prefix
from orders.selectors import order_find_by_number, order_page


def test_an_order_is_found_by_its_number(make_product, place_order):
    product = make_product()
    first = place_order(items=[(product.id, 1)], key="a")
    second = place_order(items=[(product.id, 1)], key="b")

    assert order_find_by_number(number=first.number).id == first.id
    assert order_find_by_number(number=second.number.lower().replace("-", "")).id == second.id
    assert order_find_by_number(number="SH-AAAAA-AAAAA") is None
    assert order_find_by_number(number="not a number") is None


def test_orders_are_found_by_customer_email_in_any_case(make_product, place_order):
    product = make_product()
    first = place_order(items=[(product.id, 1)], key="a", customer_email="Grace@Example.com")
    place_order(items=[(product.id, 1)], key="b", customer_email="someone@example.com")
    third = place_order(items=[(product.id, 1)], key="c", customer_email="grace@example.com")

    newest = order_page(query=OrderQuery(customer_email=" GRACE@example.COM "), limit=10).items
    assert [o.id for o in newest] == [third.id, first.id]
    oldest = order_page(query=OrderQuery(customer_email="grace@example.com", oldest_first=True), limit=1)
    assert [o.id for o in oldest.items] == [first.id] and oldest.next_cursor
    rest = order_page(query=OrderQuery(customer_email="grace@example.com", oldest_first=True), limit=1,
                      cursor=oldest.next_cursor)
    assert [o.id for o in rest.items] == [third.id]
    assert order_page(query=OrderQuery(customer_email="nobody@example.com"), limit=10).items == []


def test_all_orders_oldest_first(make_product, place_order):
    product = make_product()
    orders = [place_order(items=[(product.id, 1)], key=k) for k in "abc"]
    assert [o.id for o in order_page(query=OrderQuery(oldest_first=True), limit=10).items] == [o.id for o in orders]
    assert [o.id for o in order_page(query=OrderQuery(), limit=10).items] == [o.id for o in reversed(orders)]


def test_order_numbers_normalize_and_map_back_to_the_id(make_product, place_order):
    order = place_order(items=[(make_product().id, 1)])
    assert normalize_order_number(f"  {order.number.lower()} ") == order.number
    assert order.id.startswith(order_id_prefix(order.number))
    assert normalize_order_number("SH-11111-11111") is None  # 1 is not a base32 digit
