"""Category and product repositories on DynamoDB."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from catalog.domain import Category, Product, ProductQuery, ProductSort
from catalog.search import search_words
from core.pagination import Page
from storage.base import CategoryRepository, ProductRepository
from storage.dynamodb import items as it
from storage.dynamodb.buffer import WriteBuffer
from storage.dynamodb.client import (
    batch_get,
    batch_write,
    call,
    first_by_index,
    get_item,
    query_all,
    serialize,
    values,
)
from storage.dynamodb.counters import product_count_update, stock_decrement
from storage.dynamodb.listing import IndexQuery, read_page
from storage.dynamodb.search import reindex, search_page, stage_word_changes, write_words
from storage.dynamodb.tables import CATEGORIES, PRODUCTS, table_name
from storage.dynamodb.transaction import Kind

# Sort order -> (index suffix, sort key attribute, descending); ties order by id like SQL's SORT_KEYS.
SORTS = {
    ProductSort.NEWEST: ("Newest", "newestKey", True),
    ProductSort.PRICE_ASC: ("Price", "priceKey", False),
    ProductSort.PRICE_DESC: ("Price", "priceKey", True),
    ProductSort.NAME: ("Name", "nameKey", False),
    ProductSort.OLDEST: ("Newest", "newestKey", False),
}


class DynamoCategoryRepository(CategoryRepository):
    def __init__(self, writes: WriteBuffer) -> None:
        self.writes = writes

    def get(self, category_id: str) -> Category | None:
        if not it.usable_key(category_id):
            return None
        item = get_item(table_name(CATEGORIES), {"id": category_id})
        return it.category_from_item(item) if item else None

    def get_by_slug(self, slug: str) -> Category | None:
        if not it.usable_key(slug):
            return None
        item = first_by_index(table_name(CATEGORIES), "bySlug", "slug", slug)
        return it.category_from_item(item) if item else None

    def list(self) -> list[Category]:
        # A handful of items: one Scan; product_count is the counter kept by product writes.
        found = query_all(operation="scan", TableName=table_name(CATEGORIES), ConsistentRead=True)
        return sorted((it.category_from_item(item) for item in found), key=lambda c: (c.name, c.id))

    def add(self, category: Category) -> None:
        self.writes.stage("category", category.id, {"Put": {
            "TableName": table_name(CATEGORIES), "Item": serialize({**it.category_item(category), "productCount": 0}),
            "ConditionExpression": "attribute_not_exists(id)",
        }}, Kind.NEW)

    def update(self, category: Category, *, previous: Category) -> None:
        # An update, not a put: the productCount counter belongs to product writes.
        fields = it.category_item(category)
        del fields["id"]
        self.writes.stage("category", category.id, {"Update": {
            "TableName": table_name(CATEGORIES), "Key": serialize({"id": category.id}),
            "UpdateExpression": "SET " + ", ".join(f"#{name} = :{name}" for name in fields),
            "ConditionExpression": "updatedAt = :was_updated",
            "ExpressionAttributeNames": {f"#{name}": name for name in fields},
            "ExpressionAttributeValues": values(**fields, was_updated=it.timestamp(previous.updated_at)),
        }})

    def delete(self, category: Category) -> None:
        self.writes.stage("category", category.id, {"Delete": {
            "TableName": table_name(CATEGORIES), "Key": serialize({"id": category.id}),
            "ConditionExpression": "updatedAt = :was_updated",
            "ExpressionAttributeValues": values(was_updated=it.timestamp(category.updated_at)),
        }})


class DynamoProductRepository(ProductRepository):
    def __init__(self, writes: WriteBuffer) -> None:
        self.writes = writes

    def get(self, product_id: str) -> Product | None:
        if not it.usable_key(product_id):
            return None
        item = get_item(table_name(PRODUCTS), {"id": product_id})
        return it.product_from_item(item) if item else None

    def get_by_slug(self, slug: str) -> Product | None:
        if not it.usable_key(slug):
            return None
        item = first_by_index(table_name(PRODUCTS), "bySlug", "slug", slug)
        return it.product_from_item(item) if item else None

    def get_many(self, product_ids: Iterable[str]) -> dict[str, Product]:
        ids = [pid for pid in dict.fromkeys(product_ids) if it.usable_key(pid)]
        found = batch_get(table_name(PRODUCTS), [{"id": pid} for pid in ids])
        return {item["id"]: it.product_from_item(item) for item in found}

    def list(self, query: ProductQuery, *, cursor: str | None, limit: int) -> Page[Product]:
        if query.search:
            return search_page(query, words=search_words(query.search), cursor=cursor, limit=limit)
        suffix, sort_attribute, descending = SORTS[query.sort]
        scope = query.scope()
        by_category = query.category_id is not None
        index_query = IndexQuery(
            table=table_name(PRODUCTS), index=f"{'byCategory' if by_category else 'all'}{suffix}",
            partition_attribute="categoryId" if by_category else "catalog",
            partition_value=query.category_id if by_category else it.CATALOG_PARTITION,
            sort_attribute=sort_attribute, descending=descending, **_filter(query),
        )
        if by_category and not it.usable_key(query.category_id):
            return Page(items=[])
        # `active` alone rarely drops items: one Query with a little slack fills the page. Rarer
        # filters start with a wider read so a page usually still costs one call.
        rare = query.featured is not None or query.in_stock is not None
        first_read = min(1000, (limit + 1) * 4) if rare else limit + 1 + max(2, limit // 4)
        found, next_cursor = read_page(index_query, scope=scope, cursor=cursor, limit=limit, first_read=first_read)
        return Page(items=[it.product_from_item(item) for item in found], next_cursor=next_cursor)

    def add(self, product: Product) -> None:
        self.writes.stage("product", product.id, {"Put": {
            "TableName": table_name(PRODUCTS), "Item": serialize(it.product_item(product)),
            "ConditionExpression": "attribute_not_exists(id)",
        }}, Kind.NEW)
        stage_word_changes(self.writes, None, product)
        if product.active:
            self.writes.count_products(product.category_id, +1)

    def update(self, product: Product, *, previous: Product) -> None:
        # A put rewrites every index attribute (name/price/category keys). The condition
        # pins the item as the caller read it: its stock (a sale made meanwhile is never overwritten),
        # updatedAt (every other write moves it) and what the category counters were computed from.
        self.writes.stage("product", product.id, {"Put": {
            "TableName": table_name(PRODUCTS), "Item": serialize(it.product_item(product)),
            **_as_read(previous),
        }})
        stage_word_changes(self.writes, previous, product)
        if previous.active:
            self.writes.count_products(previous.category_id, -1)
        if product.active:
            self.writes.count_products(product.category_id, +1)

    def delete(self, product: Product) -> None:
        self.writes.stage("product", product.id, {"Delete": {
            "TableName": table_name(PRODUCTS), "Key": serialize({"id": product.id}), **_as_read(product),
        }})
        stage_word_changes(self.writes, product, None)
        if product.active:
            self.writes.count_products(product.category_id, -1)

    def add_many(self, products: list[Product]) -> None:
        """BatchWriteItem, 25 per call (the products, then their search words); then one counter update per
        category touched.

        Like the SQL bulk insert this expects new products (seeding checks first): BatchWriteItem
        has no conditions, so a re-put existing product would be counted twice.
        """
        batch_write(table_name(PRODUCTS), [{"PutRequest": {"Item": serialize(it.product_item(p))}} for p in products])
        write_words(products)
        counts: dict[str, int] = {}
        for product in products:
            if product.active:
                counts[product.category_id] = counts.get(product.category_id, 0) + 1
        for category_id, count in counts.items():
            call("update_item", **product_count_update(category_id, count))

    def reindex_search(self, progress: Callable[[int], None]) -> int:
        return reindex(progress)

    def decrement_stock(self, product_id: str, quantity: int) -> None:
        self.writes.stage("product", product_id, {"Update": stock_decrement(product_id, quantity)}, Kind.STOCK)

    def increment_stock(self, product_id: str, quantity: int) -> None:
        self.writes.restore_stock(product_id, quantity)

    def exists_in_category(self, category_id: str) -> bool:
        if not it.usable_key(category_id):
            return False
        response = call("query", TableName=table_name(PRODUCTS), IndexName="byCategoryNewest", Limit=1,
                        KeyConditionExpression="categoryId = :c", ExpressionAttributeValues=values(c=category_id),
                        ProjectionExpression="id")
        return bool(response.get("Items"))


def _as_read(product: Product) -> dict:
    """The condition that the stored product is still `product` as the caller read it."""
    return {
        "ConditionExpression": "stock = :was_stock AND updatedAt = :was_updated AND active = :was_active "
                               "AND categoryId = :was_category",
        "ExpressionAttributeValues": values(was_stock=product.stock, was_updated=it.timestamp(product.updated_at),
                                            was_active=product.active, was_category=product.category_id),
    }


def _filter(query: ProductQuery) -> dict:
    """FilterExpression for what the index key does not cover (applied after reading); a search reads
    another table (storage.dynamodb.search)."""
    clauses, filter_values = [], {}
    if query.active is not None:
        clauses.append("active = :active")
        filter_values["active"] = query.active
    if query.in_stock is not None:
        clauses.append("stock > :zero" if query.in_stock else "stock = :zero")
        filter_values["zero"] = 0
    if query.featured is not None:
        clauses.append("featured = :featured")
        filter_values["featured"] = query.featured
    return {"filter_expression": " AND ".join(clauses),
            "values": {f":{name}": value for name, value in filter_values.items()}}

