"""Placing orders: pricing, atomicity, idempotency and ownership, on both backends."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client

from accounts.services import public_user_id
from cart.domain import user_owner
from cart.selectors import cart_get
from cart.services import cart_add
from catalog.selectors import product_get, product_get_many
from catalog.services import product_delete, product_update
from core.errors import NotFound, OutOfStock, PriceMismatch, ValidationError
from core.limits import MAX_ORDER_LINES
from orders.domain import OrderStatus
from orders.selectors import order_get_for_user, order_list, order_list_for_user
from orders.services import order_place

CUSTOMER = {"customer_name": "Alice Liddell", "customer_email": "alice@example.com",
            "shipping_address": "1 Rabbit Hole\nWonderland"}


def place(user, key="key-1", **extra):
    user_id = public_user_id(user)
    return order_place(user_id=user_id, idempotency_key=key, **{"cart_owner": user_owner(user_id), **CUSTOMER, **extra})


def stocks(*products) -> list[int]:
    found = product_get_many(product_ids=[p.id for p in products])
    return [found[p.id].stock for p in products]


def test_order_from_cart_is_priced_by_the_server_and_empties_the_cart(make_product, customer):
    mug = make_product(name="Mug", price="4.50", stock=5)
    pan = make_product(name="Pan", price="20.00", stock=2)
    owner = user_owner(public_user_id(customer))
    cart_add(owner=owner, product_id=mug.id, quantity=2)
    cart_add(owner=owner, product_id=pan.id, quantity=2)

    order = place(customer)

    assert order.total_amount == Decimal("49.00") and order.currency == "USD"
    assert order.status is OrderStatus.PENDING and order.number.startswith("SH-")
    assert [(line.product_name, line.unit_price, line.quantity) for line in order.lines] == [
        ("Mug", Decimal("4.50"), 2), ("Pan", Decimal("20.00"), 2)]
    assert stocks(mug, pan) == [3, 0]
    assert cart_get(owner=owner).lines == []
    stored = order_get_for_user(user_id=public_user_id(customer), order_id=order.id)
    assert stored.total_amount == Decimal("49.00") and stored.lines == order.lines
    assert stored.created_at.tzinfo is not None


def test_one_short_line_writes_nothing(make_product, customer):
    mug = make_product(name="Mug", stock=5)
    pan = make_product(name="Pan", stock=3)
    owner = user_owner(public_user_id(customer))
    cart_add(owner=owner, product_id=mug.id, quantity=2)
    cart_add(owner=owner, product_id=pan.id, quantity=3)
    product_update(product_id=pan.id, stock=1)  # someone else bought two meanwhile

    with pytest.raises(OutOfStock) as error:
        place(customer)

    assert [(line.product_name, line.requested, line.available) for line in error.value.lines] == [("Pan", 3, 1)]
    assert stocks(mug, pan) == [5, 1]
    assert order_list(limit=10).items == []
    assert {line.product.name: line.item.quantity for line in cart_get(owner=owner).lines} == {"Mug": 2, "Pan": 3}


def test_same_idempotency_key_returns_the_same_order(make_product, customer):
    mug = make_product(stock=5)
    cart_add(owner=user_owner(public_user_id(customer)), product_id=mug.id, quantity=2)
    first = place(customer, key="double")
    cart_add(owner=user_owner(public_user_id(customer)), product_id=mug.id, quantity=1)
    second = place(customer, key="double")
    assert second.id == first.id
    assert stocks(mug) == [3]
    assert [o.id for o in order_list_for_user(user_id=public_user_id(customer)).items] == [first.id]


def test_explicit_items_and_client_total(make_product, customer):
    mug = make_product(price="3.00", stock=5)
    with pytest.raises(PriceMismatch):
        place(customer, items=[(mug.id, 2)], expected_total="5.00")
    assert stocks(mug) == [5]
    order = place(customer, items=[(mug.id, 2)], expected_total="6.00")
    assert order.total_amount == Decimal("6.00") and stocks(mug) == [3]


def test_too_many_lines_are_refused_before_anything_is_written(make_product, customer):
    products = [make_product(stock=5) for _ in range(MAX_ORDER_LINES + 1)]
    with pytest.raises(ValidationError) as error:
        place(customer, items=[(p.id, 1) for p in products])
    assert str(MAX_ORDER_LINES) in error.value.message
    assert set(stocks(*products)) == {5}
    assert order_list(limit=5).items == []


@pytest.mark.parametrize(
    "override",
    [{"customer_email": "not-an-email"}, {"customer_name": ""}, {"shipping_address": "x" * 1001},
     {"customer_name": "n" * 201}, {"idempotency_key": ""}],
)
def test_bad_customer_details_are_refused(make_product, customer, override):
    mug = make_product(stock=5)
    with pytest.raises(ValidationError):
        order_place(**{"user_id": public_user_id(customer), "idempotency_key": "k", "items": [(mug.id, 1)],
                       **CUSTOMER, **override})
    assert stocks(mug) == [5]


def test_empty_cart_and_unknown_products_are_refused(make_product, customer):
    with pytest.raises(ValidationError):
        place(customer)
    with pytest.raises(ValidationError):
        place(customer, items=[("no-such-product", 1)])
    assert order_list(limit=5).items == []


def test_other_users_orders_are_invisible(make_product, customer, other_customer):
    mug = make_product(stock=5)
    order = place(customer, items=[(mug.id, 1)])
    with pytest.raises(NotFound):
        order_get_for_user(user_id=public_user_id(other_customer), order_id=order.id)
    assert order_list_for_user(user_id=public_user_id(other_customer)).items == []


def test_order_history_pages_newest_first(make_product, customer):
    mug = make_product(stock=50)
    ids = [place(customer, key=f"k{n}", items=[(mug.id, 1)]).id for n in range(5)]
    seen, cursor = [], None
    while True:
        page = order_list_for_user(user_id=public_user_id(customer), cursor=cursor, limit=2)
        seen += [o.id for o in page.items]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == list(reversed(ids))


# -- pages -----------------------------------------------------------------------------------------


def checkout_form(client: Client) -> dict:
    page = client.get("/checkout/")
    assert page.status_code == 200
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page.text).group(1)
    return {**CUSTOMER, "idempotency_key": key}


def test_shopper_goes_from_cart_to_order_history(make_product, customer_client: Client):
    mug = make_product(name="Mug", price="4.00", stock=5)
    customer_client.post("/cart/add/", {"product_id": mug.id, "quantity": "2"})
    form = checkout_form(customer_client)

    placed = customer_client.post("/checkout/", form)
    assert placed.status_code == 302
    confirmation = customer_client.get(placed["Location"])
    number = re.search(r"SH-[A-Z0-9]{5}-[A-Z0-9]{5}", confirmation.text).group(0)
    assert "$8.00" in confirmation.text

    again = customer_client.post("/checkout/", form)  # double submit: same order
    assert again["Location"] == placed["Location"]
    history = customer_client.get("/account/orders/")
    assert history.text.count(number) == 1
    assert stocks(mug) == [3]


def test_checkout_needs_sign_in(make_product, client: Client):
    response = client.get("/checkout/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_checkout_page_lists_short_lines(make_product, customer_client: Client):
    mug = make_product(name="Mug", stock=5)
    customer_client.post("/cart/add/", {"product_id": mug.id, "quantity": "4"})
    form = checkout_form(customer_client)
    product_update(product_id=mug.id, stock=1)
    response = customer_client.post("/checkout/", form)
    assert response.status_code == 400
    assert "Mug: you asked for 4, 1 left" in response.text
    assert product_get(product_id=mug.id).stock == 1


def test_checkout_form_errors_change_nothing(make_product, customer_client: Client):
    mug = make_product(stock=5)
    customer_client.post("/cart/add/", {"product_id": mug.id, "quantity": "1"})
    form = {**checkout_form(customer_client), "customer_email": "nope", "customer_name": "x" * 300}
    response = customer_client.post("/checkout/", form)
    assert response.status_code == 400 and 'role="alert"' in response.text
    assert stocks(mug) == [5] and order_list(limit=5).items == []


def test_another_users_order_page_is_404(make_product, customer, other_customer):
    mug = make_product(stock=5)
    order = place(customer, items=[(mug.id, 1)])
    bob = Client()
    bob.force_login(other_customer)
    assert bob.get(f"/account/orders/{order.id}/").status_code == 404
    assert bob.get(f"/orders/{order.id}/thank-you/").status_code == 404
    alice = Client()
    alice.force_login(customer)
    assert alice.get(f"/account/orders/{order.id}/").status_code == 200


def test_lines_whose_product_went_away_are_shown_removable_and_skipped(make_product, customer, customer_client):
    mug = make_product(name="Mug", stock=5)
    pan = make_product(name="Pan", stock=5)
    pot = make_product(name="Pot", stock=5)
    owner = user_owner(public_user_id(customer))
    for product in (mug, pan, pot):
        cart_add(owner=owner, product_id=product.id, quantity=1)
    product_update(product_id=pan.id, active=False)
    product_delete(product_id=pot.id)

    page = customer_client.get("/cart/")
    assert [line.product.name for line in page.context["cart"].lines] == ["Mug"]
    assert "2 items in your cart can no longer be bought" in page.text

    order = place(customer)
    assert [line.product_name for line in order.lines] == ["Mug"]
    cart = cart_get(owner=owner)
    assert cart.lines == [] and cart.unavailable == []


def test_a_retry_returns_the_order_even_when_todays_checks_would_refuse(make_product, customer):
    kettle = make_product(name="Kettle", price="10.00", stock=1)
    first = place(customer, key="retry", items=[(kettle.id, 1)], expected_total="10.00")
    product_update(product_id=kettle.id, price="12.00")  # and it is sold out now
    again = place(customer, key="retry", items=[(kettle.id, 1)], expected_total="10.00")
    assert again.id == first.id and again.total_amount == Decimal("10.00")
