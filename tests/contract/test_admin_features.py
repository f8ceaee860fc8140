"""What staff live in, on both backends: history pages, bulk actions, order search, sorting, row counts
and "View on site"."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client

from catalog.domain import ProductQuery
from catalog.selectors import product_get, product_list
from orders.services import order_change_status

PRODUCTS = "/admin/catalog/productrecord/"
CATEGORIES = "/admin/catalog/categoryrecord/"
ORDERS = "/admin/orders/orderrecord/"


@pytest.fixture
def staff(backend, staff_client) -> Client:
    return staff_client("staff")


def actives() -> dict[str, bool]:
    return {p.name: p.active for p in product_list(query=ProductQuery(active=None), limit=100).items}


def test_history_lists_every_admin_change_and_outlives_the_object(staff, make_product, category):
    product = make_product(name="Kettle", price=Decimal("10.00"))
    url = f"{PRODUCTS}{product.id}/change/"
    form = {"name": "Kettle", "slug": product.slug, "category": category.id, "description": "", "image_url": "",
            "price": "12.00", "original_price": "", "stock": "10", "active": "on", "rating": "0"}
    assert staff.post(url, form).status_code == 302
    page = staff.get(url).content.decode()
    assert f'href="{PRODUCTS}{product.id}/history/"' in page and f'href="/products/{product.slug}/"' in page

    history = staff.get(f"{PRODUCTS}{product.id}/history/")
    assert history.status_code == 200
    html = history.content.decode()
    # (a form posted without the page's hidden initials counts every field as edited)
    assert "Change history: Kettle" in html and "<td>staff</td>" in html and re.search(r"Changed .*price", html)
    assert staff.post(f"{PRODUCTS}{product.id}/delete/", {"post": "yes"}).status_code == 302
    after = staff.get(f"{PRODUCTS}{product.id}/history/").content.decode()
    assert "Deleted." in after and re.search(r"Changed .*price", after)


def test_history_of_a_category_and_an_order(staff, make_product, category, place_order):
    order = place_order(items=[(make_product().id, 1)])
    assert staff.post(f"{ORDERS}{order.id}/change/", {"status": "PAID"}).status_code == 302
    html = staff.get(f"{ORDERS}{order.id}/history/").content.decode()
    assert f"Change history: {order.number}" in html and "status PENDING → PAID" in html
    assert staff.get(f"{CATEGORIES}{category.id}/history/").status_code == 200
    assert f'href="/categories/{category.slug}/"' in staff.get(f"{CATEGORIES}{category.id}/change/").content.decode()


def test_history_needs_the_view_permission(backend, make_product, staff_client):
    product = make_product()
    assert staff_client("nobody", []).get(f"{PRODUCTS}{product.id}/history/").status_code == 403


def test_bulk_activate_and_deactivate(staff, make_product):
    kettle, pan, _mug = (make_product(name=n) for n in ("Kettle", "Pan", "Mug"))
    response = staff.post(PRODUCTS, {"action": "deactivate_selected", "_selected_action": [kettle.id, pan.id]})
    assert response.status_code == 302
    assert actives() == {"Kettle": False, "Pan": False, "Mug": True}
    assert "Successfully deactivated 2 products." in staff.get(response["Location"]).content.decode()
    staff.post(PRODUCTS, {"action": "activate_selected", "_selected_action": [pan.id]})
    assert actives() == {"Kettle": False, "Pan": True, "Mug": True}
    assert "Changed active" in staff.get(f"{PRODUCTS}{pan.id}/history/").content.decode()


def test_bulk_delete_asks_first_and_then_deletes(staff, make_product):
    kettle, pan, _mug = (make_product(name=n) for n in ("Kettle", "Pan", "Mug"))
    confirm = staff.post(PRODUCTS, {"action": "delete_selected", "_selected_action": [kettle.id, pan.id]})
    html = confirm.content.decode()
    assert confirm.status_code == 200 and "Are you sure you want to delete these 2 products?" in html
    assert "<li>Kettle</li>" in html and set(actives()) == {"Kettle", "Pan", "Mug"}  # nothing deleted yet

    done = staff.post(PRODUCTS, {"action": "delete_selected", "post": "yes", "_selected_action": [kettle.id, pan.id]})
    assert done.status_code == 302 and set(actives()) == {"Mug"}


def test_bulk_actions_need_their_permissions_and_a_selection(backend, make_product, staff_client):
    product = make_product(name="Kettle")
    viewer = staff_client("viewer", ["view_productrecord"])
    assert 'name="action"' not in viewer.get(PRODUCTS).content.decode()
    assert viewer.post(PRODUCTS, {"action": "deactivate_selected", "_selected_action": [product.id]}).status_code == 403
    editor = staff_client("editor", ["change_productrecord"])
    assert editor.post(PRODUCTS, {"action": "delete_selected", "post": "yes",
                                  "_selected_action": [product.id]}).status_code == 403
    nothing = editor.post(PRODUCTS, {"action": "deactivate_selected"}, follow=True)
    assert "Items must be selected" in nothing.content.decode()
    assert actives() == {"Kettle": True}


def test_order_search_by_number_and_email(staff, make_product, place_order):
    product = make_product()
    grace = place_order(items=[(product.id, 1)], key="a", customer_email="grace@example.com")
    ada = place_order(items=[(product.id, 1)], key="b")
    later = place_order(items=[(product.id, 1)], key="c", customer_email="Grace@Example.com")

    found = staff.get(ORDERS, {"q": ada.number.lower()})
    assert found.status_code == 302 and found["Location"] == f"{ORDERS}{ada.id}/change/"

    html = staff.get(ORDERS, {"q": "GRACE@example.com"}).content.decode()
    numbers = re.findall(r">(SH-[A-Z2-7]{5}-[A-Z2-7]{5})</a>", html)
    assert numbers == [later.number, grace.number] and "Rows 1–2: 2 orders on this page." in html

    missing = staff.get(ORDERS, {"q": "SH-AAAAA-AAAAA"}).content.decode()
    assert "No order has the number" in missing


def test_orders_sort_by_placed_and_products_by_their_columns(staff, make_product, place_order):
    product = make_product(name="B", price=Decimal("5.00"))
    make_product(name="A", price=Decimal("9.00"))
    first = place_order(items=[(product.id, 1)], key="a")
    second = place_order(items=[(product.id, 1)], key="b")
    order_change_status(order_id=first.id, status="PAID")

    listing = staff.get(ORDERS).content.decode()
    assert re.findall(r">(SH-[A-Z2-7]{5}-[A-Z2-7]{5})</a>", listing) == [second.number, first.number]
    assert 'aria-sort="descending"' in listing and 'href="?sort=oldest"' in listing
    oldest = staff.get(ORDERS, {"sort": "oldest"}).content.decode()
    assert re.findall(r">(SH-[A-Z2-7]{5}-[A-Z2-7]{5})</a>", oldest) == [first.number, second.number]

    by_price = staff.get(PRODUCTS, {"sort": "price_asc"}).content.decode()
    assert by_price.index(">B</a>") < by_price.index(">A</a>") and 'href="?sort=price_desc"' in by_price
    by_name = staff.get(PRODUCTS, {"sort": "name"}).content.decode()
    assert by_name.index(">A</a>") < by_name.index(">B</a>") and "Rows 1–2: 2 products on this page." in by_name


def test_row_numbers_follow_the_pages(staff, make_product):
    for n in range(53):
        make_product(name=f"Item {n:02d}")
    first = staff.get(PRODUCTS, {"sort": "name"})
    assert "Rows 1–50: 50 products on this page." in first.content.decode()
    second = staff.get(PRODUCTS + first.context["next_page_url"]).content.decode()
    assert "Rows 51–53: 3 products on this page." in second
    assert product_get(slug="item-00").name == "Item 00"
