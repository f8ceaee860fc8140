"""The cart page comes from the page cache per cart: a repeat view costs no storage call, yet every write of
the cart (its pages, a checkout, a sign-in merging a guest cart) and every catalog write shows on the next
view, and each session of a shopper gets its own CSRF token and a badge that matches the page."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client

from catalog.services import product_update
from storage.metrics import track_storage_calls

SHIPPING = {"customer_name": "Ada Lovelace", "customer_email": "ada@example.com",
            "shipping_address": "1 Analytical Way\nLondon", "idempotency_key": "k1"}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A write whose on-commit work (the cart's new version among it) runs, as outside a test's transaction."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def view_cart(client: Client) -> tuple[int, str]:
    expired = [name for name, morsel in client.cookies.items() if morsel["max-age"] == 0]
    for name in expired:  # as a browser drops them (the test client keeps sending them)
        del client.cookies[name]
    with track_storage_calls() as calls:
        response = client.get("/cart/")
    assert response.status_code == 200
    return calls.count, response.content.decode()


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def post_form(client: Client, url: str, data: dict):
    """Posts like a browser: with the CSRF token of the form on the cart page."""
    html = client.get("/cart/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return client.post(url, {"csrfmiddlewaretoken": token, **data})


def test_a_repeat_view_costs_no_storage_call_on_either_backend(make_product, customer, committed):
    kettle = make_product(name="Kettle", stock=9)
    shopper = signed_in(customer)
    with committed():
        post_form(shopper, "/cart/add/", {"product_id": kettle.id, "quantity": "2"})
    view_cart(shopper)  # shows (and so clears) the "Added" message
    first_calls, first = view_cart(shopper)
    again_calls, again = view_cart(shopper)
    assert first_calls > 0 and again_calls == 0
    assert "Kettle" in again and without_tokens(again) == without_tokens(first)  # each is masked afresh


def test_each_write_of_the_cart_shows_on_the_next_view(make_product, customer, committed):
    kettle, mug = make_product(name="Kettle", stock=9), make_product(name="Mug", stock=9)
    shopper = signed_in(customer)
    view_cart(shopper)
    steps = [("/cart/add/", {"product_id": kettle.id, "quantity": "2"}, 'value="2"'),
             ("/cart/add/", {"product_id": mug.id, "quantity": "1"}, "Mug"),
             ("/cart/update/", {"product_id": kettle.id, "quantity": "5"}, 'value="5"')]
    for url, data, shown in steps:
        view_cart(shopper)  # cached before the write
        with committed():
            assert post_form(shopper, url, data).status_code == 302
        view_cart(shopper)  # the message
        calls, html = view_cart(shopper)
        assert calls > 0 and shown in html, url
    with committed():
        post_form(shopper, "/cart/remove/", {"product_id": mug.id})
    shopper.get("/cart/")
    assert "Mug" not in view_cart(shopper)[1]


def test_a_price_change_shows_on_the_next_view(make_product, customer, committed):
    kettle = make_product(name="Kettle", price=Decimal("24.50"), stock=9)
    shopper = signed_in(customer)
    with committed():
        post_form(shopper, "/cart/add/", {"product_id": kettle.id, "quantity": "1"})
    shopper.get("/cart/")
    assert "$24.50" in view_cart(shopper)[1]
    product_update(product_id=kettle.id, price=Decimal("19.99"))
    assert "$19.99" in view_cart(shopper)[1]


def test_a_checkout_empties_the_cached_cart(make_product, customer, committed):
    kettle = make_product(name="Kettle", stock=9)
    shopper = signed_in(customer)
    with committed():
        post_form(shopper, "/cart/add/", {"product_id": kettle.id, "quantity": "1"})
    shopper.get("/cart/")
    assert "Kettle" in view_cart(shopper)[1]
    with committed():
        html = shopper.get("/checkout/").content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        placed = shopper.post("/checkout/", {"csrfmiddlewaretoken": token, **SHIPPING})
    assert placed.status_code == 302
    html = view_cart(shopper)[1]
    assert "Your cart is empty" in html and 'aria-label="0 items">0</span>' in html


def test_a_guest_cart_merged_at_sign_in_shows_in_both_carts(make_product, customer, password, committed):
    kettle, mug = make_product(name="Kettle", stock=9), make_product(name="Mug", stock=9)
    shopper = signed_in(customer)
    with committed():
        post_form(shopper, "/cart/add/", {"product_id": kettle.id, "quantity": "1"})
    shopper.get("/cart/")
    view_cart(shopper)  # the user's cart, cached with the kettle only
    guest = Client()
    with committed():
        guest.post("/cart/add/", {"product_id": mug.id, "quantity": "2"})
    guest.get("/cart/")
    assert "Mug" in view_cart(guest)[1]
    with committed():
        guest.post("/account/login/", {"username": customer.username, "password": password})
    for client in (guest, shopper):
        html = view_cart(client)[1]
        assert "Kettle" in html and "Mug" in html
        assert 'aria-label="3 items">3</span>' in html


def test_each_session_gets_its_own_token_and_a_badge_matching_the_page(make_product, customer, committed):
    kettle = make_product(name="Kettle", stock=9)
    phone, laptop = signed_in(customer), signed_in(customer)
    laptop.get("/products/")  # the laptop's session remembers an empty cart
    with committed():
        post_form(phone, "/cart/add/", {"product_id": kettle.id, "quantity": "4"})
    phone.get("/cart/")
    view_cart(phone)  # now cached
    page = laptop.get("/cart/")
    assert page.wsgi_request.page_cache == "hit"  # and its session now remembers the count the page shows
    assert 'aria-label="4 items">4</span>' in page.content.decode()
    assert 'aria-label="4 items">4</span>' in laptop.get("/products/").content.decode()
    with committed():  # the laptop's own token, in the cached page, is accepted
        assert post_form(laptop, "/cart/update/", {"product_id": kettle.id, "quantity": "1"}).status_code == 302


def test_a_waiting_message_gets_a_fresh_page(make_product, customer, committed):
    kettle = make_product(name="Kettle", stock=9)
    shopper = signed_in(customer)
    with committed():
        post_form(shopper, "/cart/add/", {"product_id": kettle.id, "quantity": "1"})
    view_cart(shopper)
    view_cart(shopper)  # cached
    with committed():
        post_form(shopper, "/cart/add/", {"product_id": kettle.id, "quantity": "1"})
    calls, html = view_cart(shopper)
    assert calls > 0 and "Added to your cart." in html
