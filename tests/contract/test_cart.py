"""Cart behaviour: add, change, remove, stock caps, bad input and guest-cart merge, on both backends."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from accounts.services import public_user_id
from cart.domain import guest_owner, user_owner
from cart.selectors import cart_get
from cart.services import cart_add, cart_merge, cart_remove, cart_set_quantity
from core.errors import NotFound, OutOfStock, ValidationError
from core.limits import MAX_ORDER_LINES

OWNER = guest_owner("g1")


def quantities(owner: str) -> dict[str, int]:
    return {line.product.name: line.item.quantity for line in cart_get(owner=owner).lines}


def test_add_update_remove_and_subtotal(make_product):
    mug = make_product(name="Mug", price="4.50", stock=10)
    pan = make_product(name="Pan", price="20.00", stock=10)
    cart_add(owner=OWNER, product_id=mug.id, quantity=2)
    cart_add(owner=OWNER, product_id=mug.id, quantity="1")
    cart_add(owner=OWNER, product_id=pan.id, quantity=1)
    cart = cart_get(owner=OWNER)
    assert quantities(OWNER) == {"Mug": 3, "Pan": 1}
    assert cart.subtotal == Decimal("33.50") and cart.count == 4

    cart_set_quantity(owner=OWNER, product_id=mug.id, quantity=5)
    cart_remove(owner=OWNER, product_id=pan.id)
    assert quantities(OWNER) == {"Mug": 5}
    with pytest.raises(NotFound):
        cart_remove(owner=OWNER, product_id=pan.id)


def test_quantity_is_capped_at_stock_with_a_notice(make_product):
    mug = make_product(name="Mug", stock=3)
    change = cart_add(owner=OWNER, product_id=mug.id, quantity=5)
    assert change.item.quantity == 3 and "Only 3" in change.notice
    change = cart_set_quantity(owner=OWNER, product_id=mug.id, quantity=99)
    assert change.item.quantity == 3 and change.notice
    assert quantities(OWNER) == {"Mug": 3}


@pytest.mark.parametrize("quantity", [0, -1, 10**6, "abc", "", None, 1.5, True])
def test_bad_quantity_is_refused_and_changes_nothing(make_product, quantity):
    mug = make_product(name="Mug")
    cart_add(owner=OWNER, product_id=mug.id, quantity=1)
    with pytest.raises(ValidationError):
        cart_add(owner=OWNER, product_id=mug.id, quantity=quantity)
    with pytest.raises(ValidationError):
        cart_set_quantity(owner=OWNER, product_id=mug.id, quantity=quantity)
    assert quantities(OWNER) == {"Mug": 1}


def test_unknown_inactive_or_sold_out_products_cannot_be_added(make_product):
    hidden = make_product(active=False)
    sold_out = make_product(stock=0)
    with pytest.raises(NotFound):
        cart_add(owner=OWNER, product_id="does-not-exist", quantity=1)
    with pytest.raises(NotFound):
        cart_add(owner=OWNER, product_id=hidden.id, quantity=1)
    with pytest.raises(OutOfStock):
        cart_add(owner=OWNER, product_id=sold_out.id, quantity=1)
    assert cart_get(owner=OWNER).lines == []


def test_cart_holds_at_most_one_order_worth_of_products(make_product):
    products = [make_product() for _ in range(MAX_ORDER_LINES + 1)]
    for product in products[:-1]:
        cart_add(owner=OWNER, product_id=product.id, quantity=1)
    with pytest.raises(ValidationError):
        cart_add(owner=OWNER, product_id=products[-1].id, quantity=1)
    assert len(cart_get(owner=OWNER).lines) == MAX_ORDER_LINES


def test_merge_adds_quantities_caps_at_stock_and_empties_the_guest_cart(make_product, customer):
    mug = make_product(name="Mug", stock=5)
    pan = make_product(name="Pan", stock=5)
    mine = user_owner(public_user_id(customer))
    cart_add(owner=mine, product_id=mug.id, quantity=4)
    cart_add(owner=OWNER, product_id=mug.id, quantity=3)
    cart_add(owner=OWNER, product_id=pan.id, quantity=2)
    cart_merge(source_owner=OWNER, target_owner=mine)
    assert quantities(mine) == {"Mug": 5, "Pan": 2}
    assert cart_get(owner=OWNER).lines == []


# -- pages -----------------------------------------------------------------------------------------


def test_guest_cart_is_merged_on_sign_in(make_product, customer, password):
    mug = make_product(name="Mug", stock=5)
    cart_add(owner=user_owner(public_user_id(customer)), product_id=mug.id, quantity=1)
    client = Client()
    assert client.post("/cart/add/", {"product_id": mug.id, "quantity": "2"}).status_code == 302
    response = client.post("/account/login/", {"username": "alice", "password": password})
    assert response.status_code == 302
    assert quantities(user_owner(public_user_id(customer))) == {"Mug": 3}
    assert "guest_cart_id" not in client.session
    assert client.get("/cart/").context["cart"].count == 3


def test_guest_cart_is_merged_on_sign_up(make_product):
    mug = make_product(name="Mug", stock=5)
    client = Client()
    client.post("/cart/add/", {"product_id": mug.id, "quantity": "2"})
    response = client.post("/account/signup/", {
        "username": "carol", "email": "carol@example.com",
        "password1": "a-long-pass-phrase-1", "password2": "a-long-pass-phrase-1",
    })
    assert response.status_code == 302
    cart = client.get("/cart/").context["cart"]
    assert [(line.product.name, line.item.quantity) for line in cart.lines] == [("Mug", 2)]


def test_cart_pages_add_update_remove(make_product, client: Client):
    mug = make_product(name="Mug", price="4.00", stock=3)
    response = client.post("/cart/add/", {"product_id": mug.id, "quantity": "5"}, follow=True)
    assert response.status_code == 200 and "Only 3" in response.text
    assert "$12.00" in response.text

    response = client.post("/cart/update/", {"product_id": mug.id, "quantity": "1"}, follow=True)
    assert response.context["cart"].count == 1
    response = client.post("/cart/remove/", {"product_id": mug.id}, follow=True)
    assert "Your cart is empty" in response.text


@pytest.mark.parametrize("quantity", ["0", "-1", "1000000", "abc", ""])
def test_bad_quantity_on_pages_shows_form_errors(make_product, client: Client, quantity):
    mug = make_product(name="Mug", stock=3)
    client.post("/cart/add/", {"product_id": mug.id, "quantity": "1"})
    added = client.post("/cart/add/", {"product_id": mug.id, "quantity": quantity})
    assert added.status_code == 400 and 'role="alert"' in added.text and "Mug" in added.text
    updated = client.post("/cart/update/", {"product_id": mug.id, "quantity": quantity})
    assert updated.status_code == 400 and 'role="alert"' in updated.text
    assert client.get("/cart/").context["cart"].count == 1


def test_unknown_or_overlong_product_id_on_pages(make_product, client: Client):
    make_product()
    for product_id in ("nope", "x" * 5000, ""):
        response = client.post("/cart/add/", {"product_id": product_id, "quantity": "1"})
        assert response.status_code == 400
        response = client.post("/cart/remove/", {"product_id": product_id})
        assert response.status_code == 400
    assert client.get("/cart/").context["cart"].count == 0
