"""Odd and hostile input anywhere a shopper can type: a clear answer, never a 500, nothing changed."""

from __future__ import annotations

import pytest
from django.test import Client

from catalog.selectors import product_get
from orders.selectors import order_list

WEIRD = ["x" * 3000, "%00", "' OR 1=1 --", "ü" * 50, "../../etc/passwd", "<script>", "\u202e", "-1", "1e309"]


@pytest.fixture
def signed_in(make_product, customer_client) -> Client:
    make_product(name="Mug", stock=5)
    return customer_client


@pytest.mark.parametrize("value", WEIRD)
def test_get_pages_with_weird_parameters(signed_in: Client, value):
    for url, params in [
        ("/products/", {"q": value, "sort": value, "category": value, "cursor": value}),
        (f"/products/{value}/", {}),
        (f"/categories/{value}/", {}),
        (f"/account/orders/{value}/", {}),
        (f"/orders/{value}/thank-you/", {}),
        ("/account/orders/", {"cursor": value}),
        ("/cart/", {"q": value}),
    ]:
        response = signed_in.get(url, params)
        assert response.status_code in (200, 404), (url, response.status_code)


@pytest.mark.parametrize("value", WEIRD)
def test_posts_with_weird_values_change_nothing(signed_in: Client, make_product, value):
    mug = make_product(name="Pan", stock=5)
    for url, data in [
        ("/cart/add/", {"product_id": value, "quantity": value}),
        ("/cart/add/", {"product_id": mug.id, "quantity": value}),
        ("/cart/update/", {"product_id": value, "quantity": "1"}),
        ("/cart/remove/", {"product_id": value}),
        ("/checkout/", {"customer_name": value, "customer_email": value, "shipping_address": value,
                        "idempotency_key": value}),
    ]:
        response = signed_in.post(url, data)
        assert response.status_code in (200, 302, 400), (url, response.status_code)
    assert product_get(product_id=mug.id).stock == 5
    assert order_list(limit=5).items == []


def test_missing_media_is_a_plain_404_that_names_no_server_path(client: Client, settings, tmp_path, backend):
    settings.MEDIA_ROOT = tmp_path
    for url in ("/media/products/missing.png", "/media/../settings.py", "/media/%2e%2e/secret"):
        response = client.get(url)
        assert response.status_code in (400, 404) and str(tmp_path) not in response.text
