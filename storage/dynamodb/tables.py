"""The DynamoDB tables (the four shop tables and the search index), defined once: `manage.py dynamodb_tables`
and `python -m deploy provision` both create them from here, and the IAM policy names them from here.

Key design (the README's access-pattern table explains each index):
- Products:   id; GSIs bySlug, and per listing order (newest / price / name) one keyed by category and
              one over the whole catalog (partition "ALL"), so every shopper listing is a Query.
- Categories: id; GSI bySlug. The whole table is a handful of items and is read with one Scan.
- Orders:     id; GSIs byUser (newest first), byStatus and allOrders for staff lists, byNumber and
              byEmail (the customer's email lower-cased, for staff search and the API's
              ordersByCustomerEmailAndCreatedAt). Idempotency keys are separate items in the same table
              (id "IDEMPOTENCY#<key>").
- CartItems:  owner + productId: one Query reads a cart.
- ProductWords: the search index (storage.dynamodb.search): one item per word of a product, keyed by
              word + newestKey, with a local index per other listing order (price, name) and per order
              within a category, so the products with a word come in any listing's order from one
              Query, strongly consistent (local indexes allow that; global ones do not).
"""

from __future__ import annotations

import os
from copy import deepcopy

from django.conf import settings

PRODUCTS, CATEGORIES, ORDERS, CART_ITEMS = "Products", "Categories", "Orders", "CartItems"
PRODUCT_WORDS = "ProductWords"
# What a search reads from a word's item besides its keys (storage.dynamodb.search).
WORD_ATTRIBUTES = ["productId", "words", "active", "featured"]


def _s(name: str) -> dict:
    return {"AttributeName": name, "AttributeType": "S"}


def _gsi(name: str, partition: str, sort: str | None = None) -> dict:
    keys = [{"AttributeName": partition, "KeyType": "HASH"}]
    if sort:
        keys.append({"AttributeName": sort, "KeyType": "RANGE"})
    return {"IndexName": name, "KeySchema": keys, "Projection": {"ProjectionType": "ALL"}}


def _word_index(name: str, sort: str) -> dict:
    return {"IndexName": name, "KeySchema": [{"AttributeName": "word", "KeyType": "HASH"},
                                             {"AttributeName": sort, "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": WORD_ATTRIBUTES}}


# Logical name -> CreateTable arguments without TableName (the prefix is added per environment).
DEFINITIONS: dict[str, dict] = {
    PRODUCTS: {
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [
            _s("id"), _s("slug"), _s("categoryId"), _s("catalog"),
            _s("newestKey"), _s("priceKey"), _s("nameKey"),
        ],
        "GlobalSecondaryIndexes": [
            _gsi("bySlug", "slug"),
            _gsi("byCategoryNewest", "categoryId", "newestKey"),
            _gsi("byCategoryPrice", "categoryId", "priceKey"),
            _gsi("byCategoryName", "categoryId", "nameKey"),
            _gsi("allNewest", "catalog", "newestKey"),
            _gsi("allPrice", "catalog", "priceKey"),
            _gsi("allName", "catalog", "nameKey"),
        ],
    },
    CATEGORIES: {
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [_s("id"), _s("slug")],
        "GlobalSecondaryIndexes": [_gsi("bySlug", "slug")],
    },
    ORDERS: {
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [_s("id"), _s("userId"), _s("status"), _s("listing"), _s("newestKey"),
                                 _s("number"), _s("emailKey")],
        "GlobalSecondaryIndexes": [
            _gsi("byUser", "userId", "newestKey"),
            _gsi("byStatus", "status", "newestKey"),
            _gsi("allOrders", "listing", "newestKey"),
            # Staff search: by order number, and by the customer's email (lower-cased), newest first.
            _gsi("byNumber", "number"),
            _gsi("byEmail", "emailKey", "newestKey"),
        ],
    },
    CART_ITEMS: {
        "KeySchema": [
            {"AttributeName": "owner", "KeyType": "HASH"},
            {"AttributeName": "productId", "KeyType": "RANGE"},
        ],
        "AttributeDefinitions": [_s("owner"), _s("productId")],
    },
    PRODUCT_WORDS: {
        "KeySchema": [
            {"AttributeName": "word", "KeyType": "HASH"},
            {"AttributeName": "newestKey", "KeyType": "RANGE"},
        ],
        "AttributeDefinitions": [_s("word"), _s("newestKey"), _s("priceKey"), _s("nameKey"), _s("categoryNewestKey"),
                                 _s("categoryPriceKey"), _s("categoryNameKey")],
        # Five local indexes, DynamoDB's most; they exist only if created with the table.
        "LocalSecondaryIndexes": [
            _word_index("byPrice", "priceKey"),
            _word_index("byName", "nameKey"),
            _word_index("byCategoryNewest", "categoryNewestKey"),
            _word_index("byCategoryPrice", "categoryPriceKey"),
            _word_index("byCategoryName", "categoryNameKey"),
        ],
    },
}


def table_prefix() -> str:
    return getattr(settings, "DYNAMODB_TABLE_PREFIX", None) or os.environ.get("DYNAMODB_TABLE_PREFIX", "shop-")


def table_name(logical: str) -> str:
    return f"{table_prefix()}{logical}"


def create_table_requests() -> list[dict]:
    """Full CreateTable requests: on-demand billing and server-side encryption on every table.

    Point-in-time recovery is not a CreateTable option; callers enable it once the table is ACTIVE.
    """
    requests = []
    for logical, definition in DEFINITIONS.items():
        request = deepcopy(definition)
        request.update(
            TableName=table_name(logical),
            BillingMode="PAY_PER_REQUEST",
            SSESpecification={"Enabled": True},
            Tags=[{"Key": "app", "Value": "shop"}, {"Key": "table", "Value": logical}],
        )
        requests.append(request)
    return requests
