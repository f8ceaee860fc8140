"""What a valid category or product is: every rule the catalog services apply before writing.

Kept apart from catalog.services so the write paths there read as read -> check -> write.
"""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal

from catalog.domain import Category, ImageRendition, Product
from core.errors import ValidationError
from core.validation import clean_int, clean_money, clean_slug, clean_text
from storage.base import UnitOfWork

MAX_STOCK = 1_000_000


def known_fields(entity: type, values: dict) -> dict:
    """`values` if every key is a field callers may set, else a ValidationError naming the first stranger."""
    allowed = {f.name for f in fields(entity)} - {"id", "created_at", "updated_at", "product_count"}
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError(f"Unknown field: {sorted(unknown)[0]}.", field=sorted(unknown)[0])
    return values


def clean_category(category: Category, uow: UnitOfWork) -> Category:
    category.name = clean_text(category.name, "name", max_length=100)
    category.slug = clean_slug(category.slug, fallback=category.name)
    category.description = clean_text(category.description, "description", max_length=2000, required=False)
    category.image_url = clean_text(category.image_url, "image_url", max_length=500, required=False)
    other = uow.categories.get_by_slug(category.slug)
    if other is not None and other.id != category.id:
        raise ValidationError(f"A category with the slug “{category.slug}” already exists.", field="slug")
    return category


def clean_product(product: Product, uow: UnitOfWork) -> Product:
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


def apply_stock_and_sale_flags(product: Product, given: dict, in_stock: object, on_sale: object) -> Product:
    """`inStock` and `onSale` as a client may send them (the reference API has them as fields).

    - inStock: false sets stock to 0; true keeps a positive stock (the one given or stored) or sets 1.
      Sent together with `stock`, the two must agree.
    - onSale: must agree with the prices the product ends up with (on sale = a compare-at price above
      the price). onSale: false without an `original_price` in the same write clears a stored one;
      onSale: true needs a compare-at price above the price, given or stored.
    A contradiction is a ValidationError naming the flag, never stored.
    """
    if in_stock is not None:
        if not isinstance(in_stock, bool):
            raise ValidationError("in_stock must be true or false.", field="in_stock")
        if "stock" in given and (product.stock > 0) != in_stock:
            raise ValidationError(f"in_stock is {str(in_stock).lower()} but stock is {product.stock}; send one of "
                                  "them, or values that agree.", field="in_stock")
        if "stock" not in given:
            product.stock = max(product.stock, 1) if in_stock else 0
    if on_sale is not None:
        if not isinstance(on_sale, bool):
            raise ValidationError("on_sale must be true or false.", field="on_sale")
        if not on_sale and "original_price" not in given:
            product.original_price = None
        if product.on_sale != on_sale:
            raise ValidationError("on_sale is true but there is no compare-at price above the price (original_price)."
                                  if on_sale else "on_sale is false but original_price is above the price.",
                                  field="on_sale")
    return product
