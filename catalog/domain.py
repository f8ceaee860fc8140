"""Catalog entities as plain objects: what every layer above the storage seam works with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Literal


@dataclass
class Category:
    id: str
    name: str
    slug: str
    description: str = ""
    image_url: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # Derived: active products in the category. Backends fill it when listing categories.
    product_count: int = 0


@dataclass(frozen=True)
class ImageRendition:
    """One stored size of a product image, made once at upload (catalog.images): the pages pick among
    them with srcset, and know each one's pixel size so the layout never shifts while it loads."""

    url: str
    width: int
    height: int
    format: str  # "webp", "jpeg" or "png"
    purpose: str  # "card" (listings) or "detail" (the product page)

    def as_dict(self) -> dict[str, object]:
        return {"url": self.url, "width": self.width, "height": self.height, "format": self.format,
                "purpose": self.purpose}

    @classmethod
    def from_dict(cls, data: dict) -> ImageRendition:
        return cls(url=str(data["url"]), width=int(data["width"]), height=int(data["height"]),
                   format=str(data["format"]), purpose=str(data["purpose"]))

# At or below this many, a product page says "Only N left" (and updates it live, static/js/live.js).
LOW_STOCK = 5


@dataclass
class Product:
    id: str
    name: str
    slug: str
    price: Decimal
    category_id: str
    description: str = ""
    original_price: Decimal | None = None
    image_url: str = ""
    image_renditions: tuple[ImageRendition, ...] = ()
    stock: int = 0
    featured: bool = False
    is_new: bool = False
    rating: Decimal = Decimal("0")
    active: bool = True
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    @property
    def on_sale(self) -> bool:
        return self.original_price is not None and self.original_price > self.price


class ProductSort(StrEnum):
    NEWEST = "newest"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    NAME = "name"
    OLDEST = "oldest"

    @property
    def label(self) -> str:
        return {
            "newest": "Newest",
            "price_asc": "Price: low to high",
            "price_desc": "Price: high to low",
            "name": "Name",
            "oldest": "Oldest first",
        }[self.value]


@dataclass
class ProductQuery:
    """What a product listing asks for. `None` means "don't filter on this"."""

    category_id: str | None = None
    search: str = ""
    sort: ProductSort = ProductSort.NEWEST
    active: bool | None = True
    in_stock: bool | None = None
    featured: bool | None = None

    def scope(self) -> str:
        """Identifies the listing a page token belongs to (see core.pagination)."""
        return "|".join(
            str(part)
            for part in (
                "products", self.sort, self.category_id, self.search, self.active, self.in_stock, self.featured,
            )
        )


# -- events, published by catalog.services once a write has committed (see core.events) ------------------

Action = Literal["create", "update", "delete"]


@dataclass(frozen=True)
class ProductChanged:
    action: Action
    product: Product  # as written (as it was, for a delete)


@dataclass(frozen=True)
class CategoryChanged:
    action: Action
    category: Category


@dataclass(frozen=True)
class StockChanged:
    """Checkouts and cancellations moved these products' stock (only the stock: read it fresh)."""

    product_ids: tuple[str, ...]
