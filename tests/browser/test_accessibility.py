"""axe-core in Debian's chromium: no serious or critical violation on the shopper and admin pages,
and the pages hold up on a phone."""

from __future__ import annotations

import pytest

from tests.browser.conftest import serious_violations, sign_in

SHOPPER_PAGES = ["/", "/products/", "/products/?q=nothing-matches", "/products/?cursor=forged",
                 "/products/copper-kettle/", "/categories/kitchen/", "/cart/", "/account/login/",
                 "/account/signup/", "/account/password/reset/", "/account/password/reset/sent/",
                 "/no-such-page/"]


def test_shopper_pages_have_no_serious_violations(shop, page):
    found = {}
    for path in SHOPPER_PAGES:
        page.goto(shop["url"] + path)
        found[path] = serious_violations(page)
    page.goto(f"{shop['url']}/products/copper-kettle/")
    page.click("text=Add to cart")
    page.wait_for_load_state()
    sign_in(page, shop["url"], "/account/login/", "alice")
    order = shop["order"]
    for path in ["/cart/", "/checkout/", "/account/orders/", f"/account/orders/{order.id}/",
                 f"/orders/{order.id}/thank-you/", "/account/password/"]:
        page.goto(shop["url"] + path)
        found[path] = serious_violations(page)
    assert {path: problems for path, problems in found.items() if problems} == {}


def test_admin_pages_have_no_serious_violations(shop, page):
    sign_in(page, shop["url"], "/admin/login/", "staff")
    product, order, category = shop["products"][0], shop["order"], shop["category"]
    found = {}
    for path in ["/admin/", "/admin/catalog/", "/admin/catalog/productrecord/",
                 "/admin/catalog/productrecord/?q=kettle&sort=price_asc", "/admin/catalog/productrecord/add/",
                 f"/admin/catalog/productrecord/{product.id}/change/",
                 f"/admin/catalog/productrecord/{product.id}/history/",
                 f"/admin/catalog/productrecord/{product.id}/delete/",
                 "/admin/catalog/categoryrecord/", f"/admin/catalog/categoryrecord/{category.id}/change/",
                 "/admin/orders/orderrecord/", "/admin/orders/orderrecord/?q=alice@example.com",
                 f"/admin/orders/orderrecord/{order.id}/change/", f"/admin/orders/orderrecord/{order.id}/history/",
                 "/admin/auth/user/"]:
        page.goto(shop["url"] + path)
        found[path] = serious_violations(page)
    page.goto(shop["url"] + "/admin/catalog/productrecord/")
    page.check("#action-toggle")
    page.select_option("select[name=action]", "delete_selected")
    page.click("button[name=index]")
    page.wait_for_load_state()
    assert "Are you sure you want to delete these 4 products?" in page.content()
    found["bulk delete confirmation"] = serious_violations(page)
    assert {path: problems for path, problems in found.items() if problems} == {}


@pytest.mark.parametrize("path", ["/", "/products/"])
def test_on_a_phone_products_sit_two_to_a_row(shop, browser, path):
    page = browser.new_page()
    page.set_viewport_size({"width": 390, "height": 844})  # a phone's CSS width
    try:
        page.goto(shop["url"] + path)
        boxes = [card.bounding_box() for card in page.query_selector_all(".grid .card")]
        assert len(boxes) >= 4
        first, second, third = boxes[:3]
        assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"] + first["width"] - 1
        assert third["y"] > first["y"] + first["height"] - 1  # the third starts the next row
        assert all(box["x"] + box["width"] <= 390 for box in boxes)  # nothing wider than the screen
        header = page.query_selector(".site-header").bounding_box()
        assert header["height"] < 140
    finally:
        page.close()
