"""Stock and category counters: the UpdateItem requests that adjust them.

One definition each, used inside transactions (the write buffer) and, for category counters, by
bulk seeding outside any transaction.
"""

from __future__ import annotations

from storage.dynamodb.client import serialize, values
from storage.dynamodb.tables import CATEGORIES, PRODUCTS, table_name


def product_count_update(category_id: str, delta: int) -> dict:
    """Adds `delta` to a category's active-product counter (`Categories.productCount`)."""
    return {
        "TableName": table_name(CATEGORIES), "Key": serialize({"id": category_id}),
        "UpdateExpression": "ADD productCount :delta", "ConditionExpression": "attribute_exists(id)",
        "ExpressionAttributeValues": values(delta=delta),
    }


def stock_decrement(product_id: str, quantity: int) -> dict:
    """Takes `quantity` units, only if that many are left. Only `stock` changes, so no index key moves."""
    return {
        "TableName": table_name(PRODUCTS), "Key": serialize({"id": product_id}),
        "UpdateExpression": "SET stock = stock - :qty", "ConditionExpression": "stock >= :qty",
        "ExpressionAttributeValues": values(qty=quantity),
    }


def stock_increment(product_id: str, quantity: int) -> dict:
    """Puts `quantity` units back; the condition refuses to re-create a product deleted meanwhile."""
    return {
        "TableName": table_name(PRODUCTS), "Key": serialize({"id": product_id}),
        "UpdateExpression": "SET stock = stock + :qty", "ConditionExpression": "attribute_exists(id)",
        "ExpressionAttributeValues": values(qty=quantity),
    }
