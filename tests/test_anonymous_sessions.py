"""Reading the shop writes nothing: a cookie-less shopper gets no session row until the cart's first write."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def test_anonymous_pages_create_no_session(make_product, category):
    product = make_product(name="Mug")
    client = Client()
    for page in ("/", "/products/", f"/products/{product.slug}/", f"/categories/{category.slug}/", "/cart/",
                 "/account/login/", "/healthz"):
        response = client.get(page)
        assert response.status_code == 200, page
        assert "sessionid" not in response.cookies, page
    assert Session.objects.count() == 0


def test_the_guest_cart_gets_a_session_on_its_first_write(make_product):
    product = make_product(name="Mug")
    client = Client()
    client.get("/cart/")
    assert Session.objects.count() == 0
    client.post("/cart/add/", {"product_id": product.id, "quantity": "1"})
    assert Session.objects.count() == 1
    page = client.get("/cart/")
    assert "Mug" in page.text and Session.objects.count() == 1
