"""Staff admin over the storage seam: the same pages, URLs and permission checks on every backend."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.test import Client

from catalog import services as catalog_services
from catalog.domain import ProductQuery
from catalog.selectors import category_list, product_get, product_list
from catalog.services import category_create
from core.errors import Conflict
from orders.domain import OrderStatus
from orders.selectors import order_get
from orders.services import order_change_status

CATEGORIES = "/admin/catalog/categoryrecord/"
PRODUCTS = "/admin/catalog/productrecord/"
ORDERS = "/admin/orders/orderrecord/"


@pytest.fixture
def staff(backend, staff_client) -> Client:
    return staff_client("staff")


def product_form(category_id: str, **overrides: object) -> dict[str, object]:
    data = {
        "name": "Cast iron pan", "slug": "", "category": category_id, "description": "Heavy and even.",
        "image_url": "", "price": "39.90", "original_price": "", "stock": "7", "active": "on", "rating": "4.5",
    }
    return {**data, **overrides}


def all_products() -> list:
    return product_list(query=ProductQuery(active=None), limit=100).items


# -- products ------------------------------------------------------------------------------------


def test_staff_adds_a_product_and_sees_it_in_the_list(staff, category):
    response = staff.post(f"{PRODUCTS}add/", product_form(category.id, featured="on"))

    assert response.status_code == 302 and response["Location"] == PRODUCTS
    [product] = all_products()
    assert (product.name, product.slug, product.price, product.stock) == (
        "Cast iron pan", "cast-iron-pan", Decimal("39.90"), 7)
    assert product.featured and product.active and not product.is_new and product.rating == Decimal("4.5")
    listing = staff.get(PRODUCTS)
    assert listing.status_code == 200
    assert "Cast iron pan" in listing.content.decode() and f"{PRODUCTS}{product.id}/change/" in listing.content.decode()


def test_staff_edits_price_and_stock(staff, make_product):
    product = make_product(name="Kettle", price=Decimal("20.00"), stock=3)
    url = f"{PRODUCTS}{product.id}/change/"
    page = staff.get(url)
    assert page.status_code == 200 and 'value="20.00"' in page.content.decode()

    response = staff.post(url, product_form(product.category_id, name="Kettle", slug="kettle",
                                            price="24.50", stock="12", rating="0"))

    assert response.status_code == 302
    saved = product_get(product_id=product.id)
    assert (saved.price, saved.stock, saved.name) == (Decimal("24.50"), 12, "Kettle")


def as_shown(page, **changes: str) -> dict[str, str]:
    """What a browser posts back from a rendered change form: the inputs and their hidden initials."""
    form = page.context["form"]
    data: dict[str, str] = {}
    for field in form:
        value = field.value()
        # A re-rendered (bound) form shows the hidden initials it was given, as Django renders them.
        initial = form.data.get(field.html_initial_name) if form.is_bound else value
        if initial is not None and initial != "":
            data[field.html_initial_name] = str(initial)
        if isinstance(value, bool):
            value = "on" if value else None
        if value is not None:
            data[field.html_name] = str(value)
    return {**data, **changes}


def test_edit_sends_only_edited_fields_so_sales_meanwhile_are_kept(staff, make_product, place_order):
    product = make_product(name="Kettle", price=Decimal("20.00"), stock=5)
    url = f"{PRODUCTS}{product.id}/change/"
    page = staff.get(url)
    assert 'name="initial-stock"' in page.content.decode()
    place_order(items=[(product.id, 2)])  # a shopper buys while the page is open

    response = staff.post(url, as_shown(page, price="22.00"))
    assert response.status_code == 302
    saved = product_get(product_id=product.id)
    assert (saved.price, saved.stock) == (Decimal("22.00"), 3)

    # Editing the stock from a stale figure is refused with the new figure shown; nothing changes...
    response = staff.post(url, as_shown(page, stock="9"))
    assert response.status_code == 200
    assert "Stock changed from 5 to 3" in response.content.decode()
    assert product_get(product_id=product.id).stock == 3
    # ...until staff save the page as it is now shown.
    assert staff.post(url, as_shown(response, stock="9")).status_code == 302
    assert product_get(product_id=product.id).stock == 9


def field_row(html: str, field: str) -> str:
    """The admin form row of one field: where its error message must appear."""
    start = html.index(f"field-{field}")
    end = html.find('class="form-row', start)
    return html[start : end if end != -1 else len(html)]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"price": "abc"}, "price", "Enter a number."),
        ({"stock": "-1"}, "stock", "greater than or equal to 0"),
        ({"name": "x" * 201}, "name", "at most 200 characters"),
        ({"slug": "taken-slug"}, "slug", "already exists"),
        ({"original_price": "10.00"}, "original_price", "must be higher than the price"),
        ({"slug": "Not A Slug"}, "slug", "only lowercase letters"),
    ],
)
def test_invalid_product_input_rerenders_with_the_error_and_changes_nothing(
    staff, make_product, overrides, field, message
):
    make_product(name="Other", slug="taken-slug")
    product = make_product(name="Kettle", price=Decimal("20.00"), stock=3)
    before = all_products()

    for url in (f"{PRODUCTS}add/", f"{PRODUCTS}{product.id}/change/"):
        response = staff.post(url, product_form(product.category_id, **{"price": "20.00", **overrides}))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Please correct the error below." in html
        assert message in field_row(html, field)
    assert all_products() == before


def test_empty_post_reports_the_missing_fields(staff, category):
    response = staff.post(f"{PRODUCTS}add/", {})
    assert response.status_code == 200
    assert "This field is required." in field_row(response.content.decode(), "name")
    assert all_products() == []


def test_category_edit_changes_only_what_staff_edited(staff, category):
    url = f"{CATEGORIES}{category.id}/change/"
    page = staff.get(url)
    assert page.status_code == 200 and 'value="Kitchen"' in page.content.decode()
    # Another member of staff renames the category while this page is open.
    staff.post(url, as_shown(page, name="Cookware"))

    assert staff.post(url, as_shown(page, description="Everything for the stove")).status_code == 302
    [saved] = category_list()
    assert (saved.name, saved.description) == ("Cookware", "Everything for the stove")
    assert LogEntry.objects.filter(object_id=category.id, action_flag=CHANGE).count() == 2


def test_unknown_product_redirects_to_the_list_with_a_warning(staff, backend):
    response = staff.get(f"{PRODUCTS}0123456789abcdef0123456789abcdef/change/", follow=True)
    assert response.status_code == 200
    assert "does not exist" in response.content.decode()


def test_product_list_search_and_filters(staff, make_product, category):
    other = category_create(name="Garden")
    make_product(name="Copper kettle", description="Whistles")
    make_product(name="Teapot", description="Holds a kettle's worth", stock=0)
    make_product(name="Spade", category_id=other.id, active=False)

    def names(**params: str) -> set[str]:
        response = staff.get(PRODUCTS, params)
        assert response.status_code == 200
        html = response.content.decode()
        return {n for n in ("Copper kettle", "Teapot", "Spade") if f">{n}</a>" in html}

    assert names() == {"Copper kettle", "Teapot", "Spade"}  # staff also see inactive products
    assert names(q="kettle") == {"Copper kettle", "Teapot"}  # name or description
    assert names(category=other.id) == {"Spade"}
    assert names(active="0") == {"Spade"}
    assert names(in_stock="0") == {"Teapot"}
    assert names(in_stock="1", category=category.id) == {"Copper kettle"}
    assert names(active="maybe") == {"Copper kettle", "Teapot", "Spade"}  # refused filter, not a 500


def test_product_list_pages_with_the_selectors_cursor(staff, make_product):
    for n in range(55):
        make_product(name=f"Item {n:02d}")
    first = staff.get(PRODUCTS, {"sort": "name"})
    html = first.content.decode()
    assert ">Item 00</a>" in html and ">Item 49</a>" in html and ">Item 50</a>" not in html
    next_url = first.context["next_page_url"]
    assert "cursor=" in next_url and "sort=name" in next_url

    second = staff.get(PRODUCTS + next_url).content.decode()
    assert ">Item 50</a>" in second and ">Item 54</a>" in second and ">Item 00</a>" not in second

    bad = staff.get(PRODUCTS, {"cursor": "forged"})
    assert bad.status_code == 200 and "page token is invalid" in bad.content.decode()


def test_staff_deletes_a_product(staff, make_product):
    product = make_product(name="Kettle")
    assert staff.get(f"{PRODUCTS}{product.id}/delete/").status_code == 200
    response = staff.post(f"{PRODUCTS}{product.id}/delete/", {"post": "yes"})
    assert response.status_code == 302 and all_products() == []


# -- categories ----------------------------------------------------------------------------------


def test_category_add_and_list_with_counts(staff, make_product, category):
    make_product()
    make_product()
    response = staff.post(f"{CATEGORIES}add/", {"name": "Garden", "slug": "", "description": ""})
    assert response.status_code == 302
    assert {c.name for c in category_list()} == {"Kitchen", "Garden"}

    html = staff.get(CATEGORIES).content.decode()
    assert ">Garden</a>" in html and '<td class="field-product_count">2</td>' in html

    duplicate = staff.post(f"{CATEGORIES}add/", {"name": "Garden 2", "slug": "garden"})
    assert duplicate.status_code == 200 and "already exists" in duplicate.content.decode()
    assert len(category_list()) == 2


def test_category_with_products_is_not_deleted(staff, make_product, category):
    make_product()
    response = staff.post(f"{CATEGORIES}{category.id}/delete/", {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "Move or delete the category&#x27;s products before deleting it." in response.content.decode()
    assert [c.id for c in category_list()] == [category.id]


def test_empty_category_is_deleted(staff, category):
    response = staff.post(f"{CATEGORIES}{category.id}/delete/", {"post": "yes"})
    assert response.status_code == 302 and category_list() == []


# -- orders --------------------------------------------------------------------------------------


def test_order_list_is_newest_first(staff, make_product, monkeypatch, place_order):
    product = make_product(stock=50)
    numbers = []
    for day in (1, 3, 2):
        monkeypatch.setattr("orders.services.utcnow", lambda day=day: datetime(2025, 1, day, 12, tzinfo=UTC))
        numbers.append(place_order(items=[(product.id, 2)], key=f"day{day}").number)
    html = staff.get(ORDERS).content.decode()
    assert sorted(numbers, key=html.index) == [numbers[1], numbers[2], numbers[0]]
    assert "2025-01-03 12:00" in html


def test_order_list_filters_by_status(staff, make_product, place_order):
    product = make_product(stock=50)
    paid, pending = place_order(items=[(product.id, 2)], key="a"), place_order(items=[(product.id, 2)], key="b")
    order_change_status(order_id=paid.id, status="PAID")

    everything = staff.get(ORDERS).content.decode()
    assert paid.number in everything and pending.number in everything

    only_paid = staff.get(ORDERS, {"status": "PAID"}).content.decode()
    assert paid.number in only_paid and pending.number not in only_paid
    assert staff.get(ORDERS, {"status": "bogus"}).status_code == 200


def test_order_detail_shows_lines_customer_and_allowed_statuses(staff, make_product, place_order):
    product = make_product(name="Kettle", price=Decimal("12.50"), stock=10)
    order = place_order(items=[(product.id, 3)])

    response = staff.get(f"{ORDERS}{order.id}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert order.number in html and "Ada Lovelace" in html and "1 Analytical Way<br>London" in html
    assert "Kettle" in html and "12.50 USD" in html and "37.50 USD" in html
    options = response.context["form"].fields["status"].widget.choices
    assert [value for value, _ in options] == ["PAID", "CANCELLED"]


def test_status_change_allowed_refused_and_cancel_restores_stock(staff, make_product, place_order):
    product = make_product(stock=10)
    order = place_order(items=[(product.id, 4)])
    url = f"{ORDERS}{order.id}/change/"
    assert product_get(product_id=product.id).stock == 6

    response = staff.post(url, {"status": "PAID"}, follow=True)
    assert response.status_code == 200 and "is now Paid" in response.content.decode()
    assert order_get(order_id=order.id).status is OrderStatus.PAID

    refused = staff.post(url, {"status": "DELIVERED"})
    assert refused.status_code == 200
    assert "An order that is PAID cannot become DELIVERED." in refused.content.decode()
    assert order_get(order_id=order.id).status is OrderStatus.PAID

    other = place_order(items=[(product.id, 2)], key="k2")
    assert product_get(product_id=product.id).stock == 4
    assert staff.post(f"{ORDERS}{other.id}/change/", {"status": "CANCELLED"}).status_code == 302
    assert order_get(order_id=other.id).status is OrderStatus.CANCELLED
    assert product_get(product_id=product.id).stock == 6


def test_status_change_that_loses_a_race_changes_nothing_and_says_so(staff, make_product, monkeypatch, place_order):
    order = place_order(items=[(make_product().id, 2)])

    def lose(**kwargs: object) -> None:
        raise Conflict("lost")

    monkeypatch.setattr("orders.services.order_change_status", lose)
    response = staff.post(f"{ORDERS}{order.id}/change/", {"status": "PAID"}, follow=True)
    assert response.status_code == 200 and "changed this order&#x27;s status meanwhile" in response.content.decode()
    assert order_get(order_id=order.id).status is OrderStatus.PENDING


def test_product_edit_that_loses_a_race_to_a_sale_changes_nothing_and_says_so(staff, make_product, monkeypatch):
    product = make_product(name="Kettle", stock=5)
    real_unit_of_work = catalog_services.unit_of_work

    def stale_reads():
        # The service reads the product, then a shopper buys one before its write lands.
        uow = real_unit_of_work()
        read = uow.products.get
        uow.products.get = lambda product_id: replace(read(product_id), stock=read(product_id).stock + 1)
        return uow

    monkeypatch.setattr(catalog_services, "unit_of_work", stale_reads)
    form = product_form(product.category_id, name="Kettle deluxe", stock="5")
    response = staff.post(f"{PRODUCTS}{product.id}/change/", form)
    assert response.status_code == 200 and "errornote" in response.content.decode()
    current = product_get(product_id=product.id)
    assert (current.name, current.stock) == ("Kettle", 5)


def test_orders_cannot_be_added_or_deleted(staff, make_product, place_order):
    order = place_order(items=[(make_product().id, 2)])
    assert staff.get(f"{ORDERS}add/").status_code == 404
    assert staff.post(f"{ORDERS}{order.id}/delete/").status_code == 404
    assert staff.get("/admin/orders/").status_code == 200
    index = staff.get("/admin/").content.decode()
    assert ORDERS in index and f"{ORDERS}add/" not in index and f"{PRODUCTS}add/" in index


# -- access --------------------------------------------------------------------------------------


def test_non_staff_user_is_sent_to_the_admin_login(customer_client, make_product):
    product = make_product(price=Decimal("10.00"))
    for url in (PRODUCTS, f"{PRODUCTS}{product.id}/change/", CATEGORIES, ORDERS):
        response = customer_client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    response = customer_client.post(f"{PRODUCTS}{product.id}/change/", product_form(product.category_id))
    assert response["Location"].startswith("/admin/login/")
    assert product_get(product_id=product.id).price == Decimal("10.00")


def test_staff_without_permissions_get_403_and_nothing_changes(
    backend, make_product, category, place_order, staff_client
):
    product = make_product(name="Kettle", price=Decimal("10.00"))
    order = place_order(items=[(product.id, 2)])
    nobody = staff_client("nobody", [])
    for url in (PRODUCTS, f"{PRODUCTS}add/", f"{PRODUCTS}{product.id}/change/", CATEGORIES, ORDERS,
                f"{ORDERS}{order.id}/change/"):
        assert nobody.get(url).status_code == 403, url

    viewer = staff_client("viewer", ["view_productrecord", "view_orderrecord", "view_categoryrecord"])
    page = viewer.get(f"{PRODUCTS}{product.id}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert 'name="_save"' not in viewer.get(f"{ORDERS}{order.id}/change/").content.decode()
    assert viewer.get(f"{PRODUCTS}add/").status_code == 403
    assert viewer.post(f"{PRODUCTS}add/", product_form(category.id)).status_code == 403
    assert viewer.post(f"{PRODUCTS}{product.id}/change/", product_form(category.id, price="99.00")).status_code == 403
    assert viewer.post(f"{PRODUCTS}{product.id}/delete/", {"post": "yes"}).status_code == 403
    assert viewer.post(f"{CATEGORIES}{category.id}/delete/", {"post": "yes"}).status_code == 403
    assert viewer.post(f"{ORDERS}{order.id}/change/", {"status": "PAID"}).status_code == 403

    assert [p.id for p in all_products()] == [product.id]
    assert product_get(product_id=product.id).price == Decimal("10.00")
    assert order_get(order_id=order.id).status is OrderStatus.PENDING
    assert [c.id for c in category_list()] == [category.id]


def test_each_permission_unlocks_only_its_own_action(backend, make_product, category, staff_client):
    product = make_product(name="Kettle", price=Decimal("10.00"))
    editor = staff_client("editor", ["change_productrecord"])
    assert editor.get(PRODUCTS).status_code == 200  # change implies view, as in Django's admin
    assert editor.post(f"{PRODUCTS}{product.id}/change/",
                       product_form(category.id, name="Kettle", slug=product.slug, price="11.00")).status_code == 302
    assert product_get(product_id=product.id).price == Decimal("11.00")
    assert editor.post(f"{PRODUCTS}{product.id}/delete/", {"post": "yes"}).status_code == 403
    assert editor.get(CATEGORIES).status_code == 403
