"""Catalog repositories over the ORM, with keyset pagination."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, F, Q

from catalog.domain import Category, Product, ProductQuery, ProductSort
from catalog.models import CategoryRecord, ProductRecord
from catalog.search import search_words, stored_words
from core.pagination import Page
from storage.base import CategoryRepository, ProductRepository, chunks
from storage.sql.keyset import keyset_page
from storage.sql.search import search_page
from storage.sql.writes import column_values, delete_pinned, insert, update_pinned

# Sort order -> (column, descending, how to read the column's value back from a page token).
SORT_KEYS = {
    ProductSort.NEWEST: ("created_at", True, datetime.fromisoformat),
    ProductSort.PRICE_ASC: ("price", False, Decimal),
    ProductSort.PRICE_DESC: ("price", True, Decimal),
    ProductSort.NAME: ("name", False, str),
    ProductSort.OLDEST: ("created_at", False, datetime.fromisoformat),
}


class SqlCategoryRepository(CategoryRepository):
    def get(self, category_id: str) -> Category | None:
        record = CategoryRecord.objects.filter(id=category_id).first()
        return record.to_domain() if record else None

    def get_by_slug(self, slug: str) -> Category | None:
        record = CategoryRecord.objects.filter(slug=slug).first()
        return record.to_domain() if record else None

    def list(self) -> list[Category]:
        records = CategoryRecord.objects.annotate(
            active_products=Count("products", filter=Q(products__active=True))
        ).order_by("name", "id")
        return [record.to_domain(product_count=record.active_products) for record in records]

    def add(self, category: Category) -> None:
        insert(CategoryRecord.from_domain(category), "category")

    def update(self, category: Category, *, previous: Category) -> None:
        update_pinned(CategoryRecord.objects.filter(id=previous.id, updated_at=previous.updated_at), "category",
                      category.id, **column_values(CategoryRecord.from_domain(category), exclude=("created_at",)))

    def delete(self, category: Category) -> None:
        delete_pinned(CategoryRecord.objects.filter(id=category.id, updated_at=category.updated_at), "category",
                      category.id)


class SqlProductRepository(ProductRepository):
    def __init__(self) -> None:
        self.shortages: list[str] = []

    def get(self, product_id: str) -> Product | None:
        record = ProductRecord.objects.filter(id=product_id).first()
        return record.to_domain() if record else None

    def get_by_slug(self, slug: str) -> Product | None:
        record = ProductRecord.objects.filter(slug=slug).first()
        return record.to_domain() if record else None

    def get_many(self, product_ids: Iterable[str]) -> dict[str, Product]:
        ids = list(dict.fromkeys(product_ids))
        found: dict[str, Product] = {}
        for batch in chunks(ids, 500):  # stays under SQLite's bound-parameter limit
            found.update((r.id, r.to_domain()) for r in ProductRecord.objects.filter(id__in=batch))
        return found

    def list(self, query: ProductQuery, *, cursor: str | None, limit: int) -> Page[Product]:
        column, descending, parse = SORT_KEYS[query.sort]
        records = ProductRecord.objects.filter(self._filters(query))
        if query.search:
            return search_page(records, words=search_words(query.search), scope=query.scope(), cursor=cursor,
                               limit=limit, column=column, descending=descending, parse=parse)
        return keyset_page(records, scope=query.scope(), cursor=cursor, limit=limit, column=column,
                           descending=descending, parse=parse, to_domain=lambda rows: [row.to_domain() for row in rows])

    @staticmethod
    def _filters(query: ProductQuery) -> Q:
        q = Q()
        if query.category_id is not None:
            q &= Q(category_id=query.category_id)
        if query.active is not None:
            # `__in` because Django writes `active=True` as `WHERE "active"`, which SQLite cannot
            # match against the (active, sort key) indexes; `"active" IN (1)` it can.
            q &= Q(active__in=[query.active])
        if query.in_stock is not None:
            q &= Q(stock__gt=0) if query.in_stock else Q(stock=0)
        if query.featured is not None:
            q &= Q(featured=query.featured)
        return q  # the search is storage.sql.search's

    def add(self, product: Product) -> None:
        insert(ProductRecord.from_domain(product), "product")

    def update(self, product: Product, *, previous: Product) -> None:
        update_pinned(self._as_read(previous), "product", product.id,
                      **column_values(ProductRecord.from_domain(product)))

    def delete(self, product: Product) -> None:
        delete_pinned(self._as_read(product), "product", product.id)

    @staticmethod
    def _as_read(product: Product):
        """The row if it is still the product as read: what every write but a sale changes moves
        updated_at, and a sale moves stock."""
        return ProductRecord.objects.filter(id=product.id, stock=product.stock, updated_at=product.updated_at,
                                            category_id=product.category_id, active=product.active)

    def add_many(self, products: list[Product]) -> None:
        ProductRecord.objects.bulk_create([ProductRecord.from_domain(p) for p in products], batch_size=500)

    def reindex_search(self, progress: Callable[[int], None]) -> int:
        # Rewriting search_words is all it takes: the triggers (or PostgreSQL's index) follow the column.
        done, last = 0, ""
        while batch := list(ProductRecord.objects.filter(id__gt=last).order_by("id")
                            .only("id", "name", "description", "search_words")[:500]):
            stale = []
            for record in batch:
                words = stored_words(record.name, record.description)
                if record.search_words != words:
                    record.search_words = words
                    stale.append(record)
            ProductRecord.objects.bulk_update(stale, ["search_words"])
            done, last = done + len(batch), batch[-1].id
            progress(len(batch))
        return done

    def decrement_stock(self, product_id: str, quantity: int) -> None:
        updated = ProductRecord.objects.filter(id=product_id, stock__gte=quantity).update(
            stock=F("stock") - quantity
        )
        if not updated:
            self.shortages.append(product_id)

    def increment_stock(self, product_id: str, quantity: int) -> None:
        ProductRecord.objects.filter(id=product_id).update(stock=F("stock") + quantity)

    def exists_in_category(self, category_id: str) -> bool:
        return ProductRecord.objects.filter(category_id=category_id).exists()
