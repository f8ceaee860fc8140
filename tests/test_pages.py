"""Shopper pages that hold up: branded error pages, empty states with a way back, cart thumbnails,
order lines that link to their products, and the note that no payment is taken."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from accounts.services import public_user_id

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # pages, not storage


def test_a_wrong_host_gets_the_branded_400(backend):
    response = Client(HTTP_HOST="evil.example.com").get("/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "We couldn't understand that request" in html and "Cloud Shop" in html and 'href="/"' in html


def test_a_stale_form_gets_a_way_to_reload_and_try_again(backend, make_product):
    product = make_product()
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/cart/add/", {"product_id": product.id, "quantity": "1"},
                            HTTP_REFERER=f"http://testserver/products/{product.slug}/")
    html = response.content.decode()
    assert response.status_code == 403 and "Please try again" in html
    assert f'href="http://testserver/products/{product.slug}/"' in html and "Go back and reload" in html
    elsewhere = browser.post("/cart/add/", {"product_id": product.id}, HTTP_REFERER="https://evil.example.com/")
    assert "evil.example.com" not in elsewhere.content.decode()


def test_a_wrong_method_gets_the_branded_405_and_graphql_keeps_its_json(backend):
    response = Client().get("/cart/add/")
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "That page can't be used this way" in response.content.decode()
    api = Client().put("/graphql")
    assert api.status_code == 405 and api.json()["errors"][0]["errorType"] == "MalformedHttpRequestException"


def test_staff_without_permission_get_the_branded_403(backend, staff_client):
    response = staff_client("nobody", []).get("/admin/catalog/productrecord/")
    assert response.status_code == 403 and "You can't open this page" in response.content.decode()


def test_an_empty_search_offers_a_way_back(backend, make_product, category):
    make_product(name="Kettle")
    html = Client().get("/products/", {"q": "zzzz"}).content.decode()
    assert "No products match “zzzz”." in html and 'href="/products/">Browse all products' in html
    in_category = Client().get(f"/categories/{category.slug}/", {"q": "zzzz"}).content.decode()
    assert f'href="/categories/{category.slug}/">Clear the search' in in_category


def test_a_forged_page_token_is_reported_outside_the_filter_row(backend, make_product):
    make_product()
    html = Client().get("/products/", {"cursor": "forged"}).content.decode()
    message = html.index("page token is invalid")
    assert html.index('class="errors notice"') < message < html.index('<form class="filters"')


def test_the_cart_shows_thumbnails_and_a_way_to_continue_shopping(backend, make_product):
    product = make_product(name="Kettle")
    browser = Client()
    browser.post("/cart/add/", {"product_id": product.id, "quantity": "2"})
    html = browser.get("/cart/").content.decode()
    assert f'src="{product.image_url}"' in html and 'width="64" height="64"' in html
    assert 'href="/products/">Continue shopping' in html and "No payment is taken" in html


def test_order_lines_link_to_their_products_and_checkout_says_no_payment(backend, make_product, customer_client,
                                                                          customer, place_order):
    kettle = make_product(name="Kettle")
    gone = make_product(name="Old pan")
    customer_client.post("/cart/add/", {"product_id": kettle.id, "quantity": "1"})
    assert "No payment is taken" in customer_client.get("/checkout/").content.decode()
    order = place_order(items=[(kettle.id, 1), (gone.id, 1)], user_id=public_user_id(customer))
    from catalog.services import product_update

    product_update(product_id=gone.id, active=False)
    html = customer_client.get(f"/account/orders/{order.id}/").content.decode()
    assert f'<a href="/products/{kettle.slug}/">Kettle</a>' in html
    assert "<td>Old pan</td>" in html  # hidden since: no link to a page that would 404


def test_robots_txt_is_where_crawlers_look(backend):
    response = Client().get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == (settings.BASE_DIR / "static" / "robots.txt").read_text()
    assert "Disallow: /checkout/" in response.content.decode()
