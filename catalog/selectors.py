"""Catalog reads."""

from __future__ import annotations

from catalog.domain import Category, Product, ProductQuery
from shop.errors import NotFound
from shop.pagination import Page
from shop.storage import unit_of_work

PAGE_SIZE = 24


def category_list() -> list[Category]:
    return unit_of_work().categories.list()


def category_get(*, category_id: str | None = None, slug: str | None = None) -> Category:
    repo = unit_of_work().categories
    category = repo.get(category_id) if category_id else repo.get_by_slug(slug or "")
    if category is None:
        raise NotFound("That category does not exist.")
    return category


def product_get(*, product_id: str | None = None, slug: str | None = None, include_inactive: bool = False) -> Product:
    repo = unit_of_work().products
    product = repo.get(product_id) if product_id else repo.get_by_slug(slug or "")
    if product is None or not (product.active or include_inactive):
        raise NotFound("That product does not exist.")
    return product


def product_list(*, query: ProductQuery, cursor: str | None = None, limit: int = PAGE_SIZE) -> Page[Product]:
    return unit_of_work().products.list(query, cursor=cursor, limit=limit)


def product_get_many(*, product_ids: list[str]) -> dict[str, Product]:
    return unit_of_work().products.get_many(product_ids)
