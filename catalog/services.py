"""Catalog writes (staff, the API and seeding). The rules a category or product keeps are in catalog.rules.

Every write may carry a `condition` (AppSync's condition input, as a predicate over the stored item,
see core.conditions) and every create a client-chosen `id` (honoured when well-formed and free).
Each publishes a ProductChanged or CategoryChanged event once it has committed (not bulk seeding).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from catalog.domain import Category, CategoryChanged, Product, ProductChanged
from catalog.rules import apply_stock_and_sale_flags, clean_category, clean_product, known_fields
from catalog.selectors import forget_categories
from core.conditions import Condition, check_on_nothing, conditional_write
from core.errors import NotFound, ShopError, ValidationError
from core.events import publish
from core.ids import clean_client_id, new_id, utcnow
from storage import unit_of_work
from storage.base import UnitOfWork


def category_create(*, name: str, slug: str = "", description: str = "", image_url: str = "",
                    id: str | None = None, condition: Condition | None = None,
                    uow: UnitOfWork | None = None) -> Category:
    uow = uow or unit_of_work()
    check_on_nothing(condition)
    now = utcnow()
    category = clean_category(
        Category(id=_new_or_chosen(id), name=name, slug=slug, description=description, image_url=image_url,
                 created_at=now, updated_at=now),
        uow,
    )
    with uow:
        uow.categories.add(category)
        uow.on_commit(lambda: publish(CategoryChanged("create", category)))
        uow.commit()
    forget_categories()
    return category


def category_update(*, category_id: str, condition: Condition | None = None, uow: UnitOfWork | None = None,
                    **changes: object) -> Category:
    uow = uow or unit_of_work()
    changes = known_fields(Category, changes)

    def write(current: Category) -> Category:
        category = clean_category(replace(current, **changes, updated_at=utcnow()), uow)
        with uow:
            uow.categories.update(category, previous=current)
            uow.on_commit(lambda: publish(CategoryChanged("update", category)))
            uow.commit()
        return category

    category = conditional_write(lambda: _category(uow, category_id), write, condition)
    forget_categories()
    return category


def category_delete(*, category_id: str, condition: Condition | None = None, uow: UnitOfWork | None = None) -> None:
    uow = uow or unit_of_work()

    def write(current: Category) -> None:
        if uow.products.exists_in_category(current.id):
            raise ValidationError("Move or delete the category's products before deleting it.", field="id")
        with uow:
            uow.categories.delete(current)
            uow.on_commit(lambda: publish(CategoryChanged("delete", current)))
            uow.commit()

    conditional_write(lambda: _category(uow, category_id), write, condition)
    forget_categories()


def product_create(*, id: str | None = None, in_stock: object = None, on_sale: object = None,
                   condition: Condition | None = None, uow: UnitOfWork | None = None, **values: object) -> Product:
    uow = uow or unit_of_work()
    check_on_nothing(condition)
    values = known_fields(Product, values)
    now = utcnow()
    draft = Product(id=_new_or_chosen(id), name="", slug="", price=Decimal("0"), category_id="", created_at=now,
                    updated_at=now)
    product = clean_product(replace(draft, **values), uow)
    product = apply_stock_and_sale_flags(product, values, in_stock, on_sale)
    with uow:
        uow.products.add(product)
        uow.on_commit(lambda: publish(ProductChanged("create", product)))
        uow.commit()
    forget_categories()
    return product


def product_update(*, product_id: str, in_stock: object = None, on_sale: object = None,
                   condition: Condition | None = None, uow: UnitOfWork | None = None, **changes: object) -> Product:
    uow = uow or unit_of_work()
    changes = known_fields(Product, changes)

    def write(current: Product) -> Product:
        edits = dict(changes)
        if edits.get("image_url", current.image_url) != current.image_url and "image_renditions" not in edits:
            edits["image_renditions"] = ()  # the sizes made from the old image do not show the new one
        product = clean_product(replace(current, **edits, updated_at=utcnow()), uow)
        product = apply_stock_and_sale_flags(product, changes, in_stock, on_sale)
        with uow:
            uow.products.update(product, previous=current)
            uow.on_commit(lambda: publish(ProductChanged("update", product)))
            uow.commit()
        return product

    product = conditional_write(lambda: _product(uow, product_id), write, condition)
    forget_categories()
    return product


def product_delete(*, product_id: str, condition: Condition | None = None, uow: UnitOfWork | None = None) -> Product:
    """Deletes the product and returns it as it was."""
    uow = uow or unit_of_work()

    def write(current: Product) -> Product:
        with uow:
            uow.products.delete(current)
            uow.on_commit(lambda: publish(ProductChanged("delete", current)))
            uow.commit()
        return current

    deleted = conditional_write(lambda: _product(uow, product_id), write, condition)
    forget_categories()
    return deleted


def _new_or_chosen(chosen: str | None) -> str:
    return new_id() if chosen is None else clean_client_id(chosen)


def _category(uow: UnitOfWork, category_id: str) -> Category:
    category = uow.categories.get(category_id)
    if category is None:
        raise NotFound("That category does not exist.")
    return category


def _product(uow: UnitOfWork, product_id: str) -> Product:
    product = uow.products.get(product_id)
    if product is None:
        raise NotFound("That product does not exist.")
    return product


def search_reindex(*, progress: Callable[[int], None] = lambda n: None, uow: UnitOfWork | None = None) -> int:
    """Writes every product's search words again (README "Search"): after the upgrade that brought search to
    a catalog that already had products, or after catalog.search changed. Returns how many products."""
    return (uow or unit_of_work()).products.reindex_search(progress)


@dataclass
class BulkOutcome:
    """What a bulk action did: the products it changed, and each one it could not with the reason."""

    done: list[Product] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (product id, message)


def products_set_active(*, product_ids: list[str], active: bool) -> BulkOutcome:
    """Shows or hides many products, each with its own conditional write (a sale meanwhile is kept)."""
    outcome = BulkOutcome()
    for product_id in product_ids:
        try:
            outcome.done.append(product_update(product_id=product_id, active=active))
        except ShopError as error:  # gone meanwhile, or lost a race: reported, the others still apply
            outcome.refused.append((product_id, error.message))
    return outcome


def products_delete(*, product_ids: list[str]) -> BulkOutcome:
    outcome = BulkOutcome()
    for product_id in product_ids:
        try:
            outcome.done.append(product_delete(product_id=product_id))
        except ShopError as error:
            outcome.refused.append((product_id, error.message))
    return outcome
