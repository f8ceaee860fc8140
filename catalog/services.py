"""Catalog writes (staff and seeding). Every rule about a valid category or product lives here."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from decimal import Decimal

from catalog.domain import Category, ImageRendition, Product
from catalog.selectors import forget_categories
from core.errors import NotFound, ShopError, ValidationError
from core.ids import new_id, utcnow
from core.validation import clean_int, clean_money, clean_slug, clean_text
from storage import unit_of_work
from storage.base import UnitOfWork

MAX_STOCK = 1_000_000


def category_create(*, name: str, slug: str = "", description: str = "", image_url: str = "",
                    uow: UnitOfWork | None = None) -> Category:
    uow = uow or unit_of_work()
    category = _clean_category(
        Category(id=new_id(), name=name, slug=slug, description=description, image_url=image_url,
                 created_at=utcnow()),
        uow,
    )
    with uow:
        uow.categories.add(category)
        uow.commit()
    forget_categories()
    return category


def category_update(*, category_id: str, uow: UnitOfWork | None = None, **changes: object) -> Category:
    uow = uow or unit_of_work()
    current = uow.categories.get(category_id)
    if current is None:
        raise NotFound("That category does not exist.")
    category = _clean_category(replace(current, **_known(Category, changes)), uow)
    with uow:
        uow.categories.update(category)
        uow.commit()
    forget_categories()
    return category


def category_delete(*, category_id: str, uow: UnitOfWork | None = None) -> None:
    uow = uow or unit_of_work()
    if uow.categories.get(category_id) is None:
        raise NotFound("That category does not exist.")
    if uow.products.exists_in_category(category_id):
        raise ValidationError("Move or delete the category's products before deleting it.", field="id")
    with uow:
        uow.categories.delete(category_id)
        uow.commit()
    forget_categories()


def product_create(*, uow: UnitOfWork | None = None, **values: object) -> Product:
    uow = uow or unit_of_work()
    now = utcnow()
    draft = Product(id=new_id(), name="", slug="", price=Decimal("0"), category_id="", created_at=now, updated_at=now)
    product = _clean_product(replace(draft, **_known(Product, values)), uow)
    with uow:
        uow.products.add(product)
        uow.commit()
    forget_categories()
    return product


def product_update(*, product_id: str, uow: UnitOfWork | None = None, **changes: object) -> Product:
    uow = uow or unit_of_work()
    current = uow.products.get(product_id)
    if current is None:
        raise NotFound("That product does not exist.")
    changes = _known(Product, changes)
    if changes.get("image_url", current.image_url) != current.image_url and "image_renditions" not in changes:
        changes["image_renditions"] = ()  # the sizes made from the old image do not show the new one
    product = _clean_product(replace(current, **changes, updated_at=utcnow()), uow)
    with uow:
        uow.products.update(product, previous=current)
        uow.commit()
    forget_categories()
    return product


def product_delete(*, product_id: str, uow: UnitOfWork | None = None) -> None:
    uow = uow or unit_of_work()
    if uow.products.get(product_id) is None:
        raise NotFound("That product does not exist.")
    with uow:
        uow.products.delete(product_id)
        uow.commit()
    forget_categories()


def _known(entity: type, values: dict) -> dict:
    allowed = {f.name for f in fields(entity)} - {"id", "created_at", "updated_at", "product_count"}
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError(f"Unknown field: {sorted(unknown)[0]}.", field=sorted(unknown)[0])
    return values


def _clean_category(category: Category, uow: UnitOfWork) -> Category:
    category.name = clean_text(category.name, "name", max_length=100)
    category.slug = clean_slug(category.slug, fallback=category.name)
    category.description = clean_text(category.description, "description", max_length=2000, required=False)
    category.image_url = clean_text(category.image_url, "image_url", max_length=500, required=False)
    other = uow.categories.get_by_slug(category.slug)
    if other is not None and other.id != category.id:
        raise ValidationError(f"A category with the slug “{category.slug}” already exists.", field="slug")
    return category


def _clean_product(product: Product, uow: UnitOfWork) -> Product:
    product.name = clean_text(product.name, "name", max_length=200)
    product.slug = clean_slug(product.slug, fallback=product.name)
    product.description = clean_text(product.description, "description", max_length=5000, required=False)
    product.image_url = clean_text(product.image_url, "image_url", max_length=500, required=False)
    product.image_renditions = tuple(product.image_renditions or ())
    if not all(isinstance(r, ImageRendition) for r in product.image_renditions):
        raise ValidationError("Image renditions are made by uploading an image.", field="image_renditions")
    product.price = clean_money(product.price, "price", minimum=Decimal("0.01"))
    if product.original_price in (None, ""):
        product.original_price = None
    else:
        product.original_price = clean_money(product.original_price, "original_price", minimum=Decimal("0.01"))
        if product.original_price <= product.price:
            raise ValidationError("The compare-at price must be higher than the price.", field="original_price")
    product.stock = clean_int(product.stock, "stock", minimum=0, maximum=MAX_STOCK)
    rating = clean_money(product.rating, "rating")
    if rating > 5:
        raise ValidationError("Rating must be between 0 and 5.", field="rating")
    product.rating = rating.quantize(Decimal("0.1"))
    for flag in ("featured", "is_new", "active"):
        if not isinstance(getattr(product, flag), bool):
            raise ValidationError(f"{flag} must be true or false.", field=flag)
    if not product.category_id or uow.categories.get(str(product.category_id)) is None:
        raise ValidationError("Choose an existing category.", field="category_id")
    other = uow.products.get_by_slug(product.slug)
    if other is not None and other.id != product.id:
        raise ValidationError(f"A product with the slug “{product.slug}” already exists.", field="slug")
    return product


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
    uow = unit_of_work()
    for product_id in product_ids:
        product = uow.products.get(product_id)
        try:
            product_delete(product_id=product_id)
        except ShopError as error:
            outcome.refused.append((product_id, error.message))
        else:
            outcome.done.append(product)
    return outcome
