"""Product search on DynamoDB: an inverted index of words, written in the product's own transaction.

The ProductWords table holds one item per word of a product (catalog.search.product_words): key
word + newestKey, with the product's other listing keys as local index keys (price, name, and each
order prefixed by the category id). So the products having one word come in any listing's order,
after any cursor, from one strongly consistent Query; the page then costs what a listing page costs,
whatever the size of the catalog and however rare the word. Every item also carries the product's
whole word list, `active` and `featured`, which the Query's FilterExpression checks: a search of
several words reads one word's items and keeps those whose list holds the others.

Which word to read: a rare one finishes in one read. Each word is read once (longest first, the
likeliest to be rare) until one is exhausted or fills the page; if none does, every word is common
and the one that matched most goes on, up to DYNAMODB_MAX_SCANNED_PER_PAGE items per request (then
the page is shorter and its cursor continues). The page's products are then read with one
BatchGetItem and checked once more as they are now (the in-stock filter is checked only there: stock
moves with every sale, which must not rewrite 48 word items).

Writes: a product's create, update or delete stages Puts of its changed word items and Deletes of the
words it lost beside the product's own write (buffer -> one TransactWriteItems), so the index never
disagrees with the product and a change is searchable on the next request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from catalog.domain import Product, ProductQuery, ProductSort
from catalog.search import matches, padded, product_words, stored_words, word_list
from core.pagination import Page, encode_cursor
from storage.dynamodb import items as it
from storage.dynamodb.buffer import WriteBuffer
from storage.dynamodb.client import batch_get, batch_write, call, deserialize, serialize
from storage.dynamodb.listing import MAX_READ, resume_key
from storage.dynamodb.tables import PRODUCT_WORDS, PRODUCTS, table_name

# Sort order -> (index over the whole catalog (None: the table itself), sort key, descending).
ORDERS = {
    ProductSort.NEWEST: (None, "newestKey", True),
    ProductSort.PRICE_ASC: ("byPrice", "priceKey", False),
    ProductSort.PRICE_DESC: ("byPrice", "priceKey", True),
    ProductSort.NAME: ("byName", "nameKey", False),
    ProductSort.OLDEST: (None, "newestKey", False),
}
CATEGORY_END = "\x02"  # above SEPARATOR: every key of a category sorts below category id + CATEGORY_END


# -- writing -----------------------------------------------------------------------------------------


def word_items(product: Product) -> dict[str, dict]:
    """The product's word items, by word."""
    keys = {
        "newestKey": f"{it.timestamp(product.created_at)}{it.SEPARATOR}{product.id}",
        "priceKey": it.price_key(product.price, product.id),
        "nameKey": f"{product.name}{it.SEPARATOR}{product.id}",
    }
    shared = {
        **keys, **{f"category{name[0].upper()}{name[1:]}": f"{product.category_id}{it.SEPARATOR}{key}"
                   for name, key in keys.items()},
        "productId": product.id, "active": product.active, "featured": product.featured,
    }
    found = product_words(product.name, product.description)
    listed = word_list(found)
    return {word: {"word": word, **shared, "words": listed} for word in found}


def stage_word_changes(writes: WriteBuffer, before: Product | None, after: Product | None) -> None:
    """Stages what turns the index of `before` (None: a new product) into that of `after` (None: deleted):
    only the items that change, so a stock or image edit writes none."""
    old = word_items(before) if before else {}
    new = word_items(after) if after else {}
    table = table_name(PRODUCT_WORDS)
    subject = (after or before).id
    for word, item in new.items():
        if old.get(word) != item:
            writes.stage("product", subject, {"Put": {"TableName": table, "Item": serialize(item)}})
    for word in old.keys() - new.keys():
        writes.stage("product", subject, {"Delete": {
            "TableName": table, "Key": serialize({"word": word, "newestKey": old[word]["newestKey"]})}})


def write_words(products: list[Product]) -> None:
    """Seeding: the word items of new products, in batches (BatchWriteItem, like the products)."""
    batch_write(table_name(PRODUCT_WORDS), [{"PutRequest": {"Item": serialize(item)}}
                                            for product in products for item in word_items(product).values()])


def reindex(progress: Callable[[int], None]) -> int:
    """Every product's word items written again, then the items no product has any more deleted: an item
    is current exactly when its word list is its product's (ProductRepository.reindex_search)."""
    lists: dict[str, str] = {}
    for page in _scan_pages(TableName=table_name(PRODUCTS)):
        products = [it.product_from_item(item) for item in page]
        write_words(products)
        lists.update((p.id, stored_words(p.name, p.description)) for p in products)
        progress(len(products))
    table = table_name(PRODUCT_WORDS)
    for page in _scan_pages(TableName=table, ProjectionExpression="#w, newestKey, productId, #l",
                            ExpressionAttributeNames={"#w": "word", "#l": "words"}):
        stale = [{"word": item["word"], "newestKey": item["newestKey"]} for item in page
                 if item.get("words") != lists.get(item["productId"])]
        batch_write(table, [{"DeleteRequest": {"Key": serialize(key)}} for key in stale])
    return len(lists)


def _scan_pages(**params: Any) -> Iterator[list[dict]]:
    while True:
        response = call("scan", **params)
        yield [deserialize(item) for item in response.get("Items", [])]
        if "LastEvaluatedKey" not in response:
            return
        params["ExclusiveStartKey"] = response["LastEvaluatedKey"]


# -- reading -----------------------------------------------------------------------------------------


@dataclass
class WordReader:
    """One word's items in the listing's order after the cursor, read a Query at a time."""

    params: dict
    sort_key: str
    skip: str | None  # an inclusive key condition's bound that is the cursor itself
    matched: list[dict] = field(default_factory=list)
    scanned: int = 0
    last: dict | None = None
    done: bool = False

    def read(self, limit: int) -> None:
        params = {**self.params, "Limit": limit}
        if self.last:
            params["ExclusiveStartKey"] = self.last
        response = call("query", **params)
        self.scanned += response.get("ScannedCount", 0)
        self.matched += [item for item in map(deserialize, response.get("Items", []))
                         if item[self.sort_key] != self.skip]
        self.last = response.get("LastEvaluatedKey")
        self.done = self.last is None

    def resume_point(self) -> str:
        return deserialize(self.last)[self.sort_key]


def search_page(query: ProductQuery, *, words: tuple[str, ...], cursor: str | None, limit: int) -> Page[Product]:
    scope = query.scope()
    after = resume_key(scope, cursor)
    if not words or (query.category_id is not None and not it.usable_key(query.category_id)):
        return Page(items=[])
    # One word with shoppers' filters: nearly every item read is a result. Other words or the in-stock check
    # drop some: a wider first read, which also finishes a rare word's items at once.
    sparse = len(words) > 1 or query.in_stock is not None
    first_read = min(MAX_READ, (limit + 1) * 4 if sparse else limit + 1 + max(2, limit // 4))
    readers = [_reader(query, word, words, after) for word in sorted(words, key=len, reverse=True)]
    for reader in readers:
        reader.read(first_read)
        if reader.done or len(reader.matched) > limit:
            chosen = reader
            break
    else:
        chosen = max(readers, key=lambda reader: len(reader.matched))
    return _page(chosen, query, words, scope, limit)


def _reader(query: ProductQuery, word: str, words: tuple[str, ...], after: str | None) -> WordReader:
    index, sort_key, descending = ORDERS[query.sort]
    names, values = {"#w": "word", "#s": sort_key}, {":w": word}
    condition, skip = "#w = :w", None
    if query.category_id is not None:
        index = f"byCategory{'Newest' if index is None else index[2:]}"
        sort_key = names["#s"] = f"category{sort_key[0].upper()}{sort_key[1:]}"
        low = f"{query.category_id}{it.SEPARATOR}"
        if after is None:
            condition += " AND begins_with(#s, :low)"
            values[":low"] = low
        else:  # BETWEEN is inclusive: the cursor's own item is skipped when read
            condition += " AND #s BETWEEN :low AND :high"
            values[":low"], values[":high"] = (low, after) if descending else (after, query.category_id + CATEGORY_END)
            skip = after
    elif after is not None:
        condition += " AND #s < :after" if descending else " AND #s > :after"
        values[":after"] = after
    clauses = []
    for flag in ("active", "featured"):
        if getattr(query, flag) is not None:
            clauses.append(f"#{flag} = :{flag}")
            names[f"#{flag}"], values[f":{flag}"] = flag, getattr(query, flag)
    for number, other in enumerate(w for w in words if w != word):
        clauses.append(f"contains(#words, :other{number})")
        names["#words"], values[f":other{number}"] = "words", padded(other)
    params: dict[str, Any] = {
        "TableName": table_name(PRODUCT_WORDS), "KeyConditionExpression": condition, "ConsistentRead": True,
        "ScanIndexForward": not descending, "ExpressionAttributeValues": serialize(values),
    }
    if index is not None:
        params["IndexName"] = index
    if clauses:
        params["FilterExpression"] = " AND ".join(clauses)
    params["ExpressionAttributeNames"] = {name: value for name, value in names.items()
                                          if name in condition or name in params.get("FilterExpression", "")}
    return WordReader(params=params, sort_key=sort_key, skip=skip)


def _page(reader: WordReader, query: ProductQuery, words: tuple[str, ...], scope: str,
          limit: int) -> Page[Product]:
    """The products behind the reader's items, checked as they are now: reads on until enough items
    matched for the page (or the word's items end, or the bound), then fetches them in one BatchGetItem."""
    found: list[tuple[str, Product]] = []  # (sort key, product)
    checked = 0
    while True:
        wanted = limit + 1 - len(found)
        unread = not reader.done and reader.scanned < settings.DYNAMODB_MAX_SCANNED_PER_PAGE
        if len(reader.matched) - checked < wanted and unread:
            # As many more as the share of items matching so far says the page needs, with a margin.
            missing = wanted - (len(reader.matched) - checked)
            share = max(1, len(reader.matched)) / max(1, reader.scanned)
            reader.read(min(MAX_READ, max(2 * (limit + 1), int(missing / share * 1.25))))
            continue
        candidates = reader.matched[checked: checked + wanted]
        checked += len(candidates)
        products = _products([item["productId"] for item in candidates])
        found += [(item[reader.sort_key], products[item["productId"]]) for item in candidates
                  if item["productId"] in products and _fits(products[item["productId"]], query, words)]
        if len(found) > limit:
            return Page(items=[p for _, p in found[:limit]],
                        next_cursor=encode_cursor(scope, {"k": found[limit - 1][0]}))
        if checked < len(reader.matched) or unread:
            continue  # some were dropped as read now (out of stock, changed meanwhile): more are needed
        if reader.done:
            return Page(items=[p for _, p in found])
        # Every word common and rarely together: a shorter page, resuming after the last item read.
        return Page(items=[p for _, p in found], next_cursor=encode_cursor(scope, {"k": reader.resume_point()}))


def _products(ids: list[str]) -> dict[str, Product]:
    if not ids:
        return {}
    return {item["id"]: it.product_from_item(item)
            for item in batch_get(table_name(PRODUCTS), [{"id": pid} for pid in dict.fromkeys(ids)])}


def _fits(product: Product, query: ProductQuery, words: tuple[str, ...]) -> bool:
    """The product as read now still answers the query (its items were read a moment before)."""
    return (
        matches(stored_words(product.name, product.description), words)
        and query.category_id in (None, product.category_id)
        and query.active in (None, product.active)
        and query.featured in (None, product.featured)
        and query.in_stock in (None, product.in_stock)
    )
