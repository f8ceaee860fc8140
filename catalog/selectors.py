"""Catalog reads."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from catalog.domain import Category, Product, ProductQuery
from core.errors import NotFound
from core.pagination import Page
from core.versions import current_version, new_version
from storage import unit_of_work

PAGE_SIZE = 24
_CATEGORIES_KEY = "catalog:categories"
_VERSION_KEY = "catalog:version"


def category_list() -> list[Category]:
    """All categories with product counts, from the cache when a recent read is there."""
    categories = cache.get(_CATEGORIES_KEY)
    if categories is None:
        categories = unit_of_work().categories.list()
        cache.set(_CATEGORIES_KEY, categories, settings.CATEGORY_CACHE_SECONDS)
    return categories


def forget_categories() -> None:
    """Called by every catalog write that changes a category or a category's product count."""
    cache.delete(_CATEGORIES_KEY)
    new_version(_VERSION_KEY)


def catalog_version() -> str:
    """Changes on every catalog write: caches of catalog reads put it in their keys to invalidate at once."""
    return current_version(_VERSION_KEY)


def category_get(*, category_id: str | None = None, slug: str | None = None) -> Category:
    for category in category_list():
        if category.id == category_id or (slug and category.slug == slug):
            return category
    raise NotFound("That category does not exist.")


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
