"""The shopper pages update live in Debian's chromium, against the real ASGI server: an order's status
as staff move it, and a product's stock running out, with add-to-cart disabled. Without JavaScript the
same pages are served complete, as before."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.realtime.conftest import one_server_world

SET_STATUS = "mutation($id: ID!, $status: OrderStatus!) { updateOrder(input: {id: $id, status: $status}) { id } }"
SET_STOCK = "mutation($id: ID!, $stock: Int!) { updateProduct(input: {id: $id, stock: $stock}) { id } }"


def live(page) -> None:
    """Waits until static/js/live.js has every subscription of the page running."""
    expect(page.locator("html")).to_have_attribute("data-live", "on")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    yield from one_server_world(tmp_path_factory.mktemp("live-pages"), workers=2)


def test_the_order_page_follows_its_status_without_a_reload(served, page):
    product = served.product(price=12, stock=9)
    order = served.order(product)
    served.graphql(SET_STATUS, {"id": order["id"], "status": "PAID"})
    sign_in(page, served.a.url, "/account/login/", "ada")
    page.goto(f"{served.a.url}/account/orders/{order['id']}/")
    status = page.locator("[data-live-order]")
    assert status.inner_text() == "Paid"
    live(page)
    page.evaluate("() => { window.notReloaded = true; }")

    served.graphql(SET_STATUS, {"id": order["id"], "status": "SHIPPED"})
    expect(status).to_have_text("Shipped")
    assert page.evaluate("() => window.notReloaded") is True


def test_the_product_page_shows_stock_running_out_and_disables_add_to_cart(served, page):
    product = served.product(name="Live Kettle", price=30, stock=2)
    slug = served.graphql("query($id: ID!) { getProduct(id: $id) { slug } }", {"id": product["id"]})["getProduct"]
    page.goto(f"{served.a.url}/products/{slug['slug']}/")
    stock, button = page.locator("[data-live-stock]"), page.locator("form.add-to-cart button")
    assert stock.inner_text() == "Only 2 left" and button.is_enabled()
    live(page)

    served.graphql(SET_STOCK, {"id": product["id"], "stock": 1})
    expect(stock).to_have_text("Only 1 left")
    served.graphql(SET_STOCK, {"id": product["id"], "stock": 0})
    expect(stock).to_have_text("Out of stock")
    expect(button).to_be_disabled()
    expect(page.locator("form.add-to-cart input[name=quantity]")).to_be_disabled()


def test_without_javascript_the_pages_are_served_complete(served):
    product = served.product(name="Static Kettle", price=30, stock=2)
    slug = served.graphql("query($id: ID!) { getProduct(id: $id) { slug } }", {"id": product["id"]})["getProduct"]
    html = requests.get(f"{served.a.url}/products/{slug['slug']}/", timeout=10).text
    assert "Only 2 left" in html and "Add to cart" in html and 'src="/static/js/live.js"' in html
    assert "<script>" not in html  # no inline script: the page's CSP allows none
