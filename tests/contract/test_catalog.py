"""Catalog behaviour through services and shopper pages, on both backends."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from django.test import Client

from accounts.services import public_user_id
from catalog.domain import ProductQuery, ProductSort
from catalog.selectors import category_list, product_get, product_list
from catalog.services import category_create, category_delete, product_delete, product_update
from core.errors import Conflict, InvalidCursor, NotFound, ValidationError
from storage import unit_of_work


def all_pages(query: ProductQuery, limit: int) -> list[list[str]]:
    pages, cursor = [], None
    while True:
        page = product_list(query=query, cursor=cursor, limit=limit)
        pages.append([p.name for p in page.items])
        if not page.next_cursor:
            return pages
        cursor = page.next_cursor


def test_product_crud_round_trip(make_product, category):
    product = make_product(name="Cast Iron Pan", price="24.50", original_price="30.00", stock=3, rating="4.5")
    loaded = product_get(product_id=product.id)
    assert (loaded.name, loaded.slug, loaded.price, loaded.original_price) == (
        "Cast Iron Pan", "cast-iron-pan", Decimal("24.50"), Decimal("30.00"))
    assert loaded.on_sale and loaded.in_stock and loaded.rating == Decimal("4.5")
    assert loaded.created_at.tzinfo is not None

    product_update(product_id=product.id, price="19.99", stock=0)
    changed = product_get(product_id=product.id)
    assert changed.price == Decimal("19.99") and not changed.in_stock
    assert changed.updated_at >= changed.created_at

    product_delete(product_id=product.id)
    with pytest.raises(NotFound):
        product_get(product_id=product.id)


def test_category_counts_active_products_and_refuses_delete_while_in_use(make_product, category):
    make_product()
    make_product(active=False)
    assert [(c.name, c.product_count) for c in category_list()] == [("Kitchen", 1)]
    with pytest.raises(ValidationError):
        category_delete(category_id=category.id)
    empty = category_create(name="Garden")
    category_delete(category_id=empty.id)
    assert [c.name for c in category_list()] == ["Kitchen"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"price": "abc"}, "price"),
        ({"price": "-1"}, "price"),
        ({"price": "0"}, "price"),
        ({"stock": -1}, "stock"),
        ({"stock": "many"}, "stock"),
        ({"name": "x" * 201}, "name"),
        ({"name": ""}, "name"),
        ({"rating": "6"}, "rating"),
        ({"original_price": "5.00"}, "original_price"),
        ({"category_id": "nope"}, "category_id"),
        ({"slug": "Not A Slug!"}, "slug"),
    ],
)
def test_invalid_product_is_refused_and_nothing_is_written(make_product, values, field):
    with pytest.raises(ValidationError) as error:
        make_product(**values)
    assert error.value.field == field
    assert product_list(query=ProductQuery(active=None), limit=10).items == []


def test_duplicate_slug_is_refused(make_product):
    make_product(name="Kettle")
    with pytest.raises(ValidationError) as error:
        make_product(name="Kettle")
    assert error.value.field == "slug"


def test_filter_search_and_sort(make_product, category, backend):
    garden = category_create(name="Garden")
    make_product(name="Blue Mug", price="5.00", description="ceramic")
    make_product(name="Red Kettle", price="25.00")
    make_product(name="Green Hose", price="15.00", category_id=garden.id)
    make_product(name="Hidden Mug", price="1.00", active=False)

    def names(**query) -> list[str]:
        return [p.name for p in product_list(query=ProductQuery(**query), limit=10).items]

    assert names(sort=ProductSort.PRICE_ASC) == ["Blue Mug", "Green Hose", "Red Kettle"]
    assert names(sort=ProductSort.PRICE_DESC) == ["Red Kettle", "Green Hose", "Blue Mug"]
    assert names(sort=ProductSort.NAME) == ["Blue Mug", "Green Hose", "Red Kettle"]
    assert names(sort=ProductSort.NEWEST) == ["Green Hose", "Red Kettle", "Blue Mug"]
    assert names(category_id=garden.id) == ["Green Hose"]
    assert names(search="mug") == ["Blue Mug"]
    assert names(search="CERAMIC") == ["Blue Mug"]
    assert names(search="mug", active=None) == ["Hidden Mug", "Blue Mug"]


@pytest.mark.parametrize("sort", list(ProductSort))
def test_keyset_pages_cover_everything_once_in_order(make_product, sort):
    # Equal prices force the id tie-breaker to keep pages stable.
    for n in range(11):
        make_product(name=f"Item {n:02d}", price=str(10 + n % 3))
    pages = all_pages(ProductQuery(sort=sort), limit=4)
    assert [len(page) for page in pages] == [4, 4, 3]
    flat = [name for page in pages for name in page]
    assert flat == [p.name for p in product_list(query=ProductQuery(sort=sort), limit=50).items]
    assert sorted(flat) == [f"Item {n:02d}" for n in range(11)]


def test_search_pages_are_full_even_when_few_items_match(make_product):
    for n in range(12):
        make_product(name=f"{'Mug' if n % 3 == 0 else 'Plate'} {n:02d}")
    pages = all_pages(ProductQuery(search="mug"), limit=2)
    assert [len(page) for page in pages] == [2, 2]


@pytest.mark.parametrize("token", ["garbage", "eyJzIjoicHJvZHVjdHMifQ:1abc:forged", "x" * 500])
def test_forged_cursor_is_refused(make_product, token):
    make_product()
    with pytest.raises(InvalidCursor):
        product_list(query=ProductQuery(), cursor=token, limit=5)


def test_cursor_from_another_listing_is_refused(make_product):
    for _ in range(3):
        make_product()
    token = product_list(query=ProductQuery(sort=ProductSort.NAME), limit=1).next_cursor
    with pytest.raises(InvalidCursor):
        product_list(query=ProductQuery(sort=ProductSort.PRICE_ASC), cursor=token, limit=1)


# -- pages -----------------------------------------------------------------------------------------


def test_home_and_catalog_pages(make_product, category, client: Client):
    make_product(name="Featured Pan", featured=True)
    make_product(name="Plain Pot")
    home = client.get("/")
    assert home.status_code == 200
    assert "Featured Pan" in home.text and "Plain Pot" not in home.text and "Kitchen" in home.text

    listing = client.get("/products/", {"q": "pot"})
    assert listing.status_code == 200 and "Plain Pot" in listing.text and "Featured Pan" not in listing.text

    by_category = client.get(f"/categories/{category.slug}/", {"sort": "name"})
    assert by_category.status_code == 200
    assert by_category.text.index("Featured Pan") < by_category.text.index("Plain Pot")


def test_catalog_page_follows_next_links_to_the_end(make_product, client: Client):
    for n in range(30):
        make_product(name=f"Thing {n:02d}")
    seen, url = [], "/products/?sort=name"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += [f"Thing {n:02d}" for n in range(30) if f"Thing {n:02d}</span>" in response.text]
        next_link = response.context["next_query"]
        url = f"/products/?{next_link}" if next_link else None
    assert seen == [f"Thing {n:02d}" for n in range(30)]


def test_garbage_cursor_on_page_shows_first_page_with_message(make_product, client: Client):
    make_product(name="Only One")
    response = client.get("/products/", {"cursor": "not-a-real-token"})
    assert response.status_code == 200
    assert "Only One" in response.text and "page token is invalid" in response.text


def test_product_page_and_404s(make_product, client: Client):
    product = make_product(name="Stock Pot", price="12.00", original_price="15.00", stock=4)
    page = client.get(f"/products/{product.slug}/")
    assert page.status_code == 200
    assert "$12.00" in page.text and "$15.00" in page.text and "4 left" in page.text
    for url in ("/products/no-such-thing/", "/categories/no-such-category/"):
        missing = client.get(url)
        assert missing.status_code == 404 and "Not found" in missing.text

    product_update(product_id=product.id, active=False)
    assert client.get(f"/products/{product.slug}/").status_code == 404


def test_bad_listing_parameters_never_500(make_product, client: Client):
    make_product()
    for params in ({"sort": "bogus"}, {"q": "x" * 5000}, {"category": "\x00"}, {"cursor": "%%%"}):
        assert client.get("/products/", params).status_code == 200


def test_category_page_keeps_its_category_when_other_parameters_are_bad(make_product, client: Client):
    garden = category_create(name="Garden")
    make_product(name="Hose", category_id=garden.id)
    make_product(name="Kettle")
    response = client.get("/categories/garden/", {"sort": "bogus", "q": "x" * 500})
    assert response.status_code == 200
    assert [p.name for p in response.context["products"]] == ["Hose"]


def test_an_edit_made_from_a_stale_read_never_overwrites_a_sale(make_product, customer, place_order):
    product = make_product(name="Kettle", stock=5)
    stale = product_get(product_id=product.id)
    place_order(user_id=public_user_id(customer), items=[(product.id, 2)])
    uow = unit_of_work()
    with pytest.raises(Conflict), uow:
        uow.products.update(replace(stale, price=Decimal("99.00")), previous=stale)
        uow.commit()
    current = product_get(product_id=product.id)
    assert (current.stock, current.price) == (3, Decimal("10.00"))
