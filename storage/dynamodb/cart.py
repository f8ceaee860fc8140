"""Cart repository on DynamoDB: the table is keyed by owner + productId, so one Query reads a cart."""

from __future__ import annotations

from collections.abc import Iterable

from cart.domain import CartItem
from storage.base import CartRepository
from storage.dynamodb import items as it
from storage.dynamodb.buffer import WriteBuffer
from storage.dynamodb.client import get_item, query_all, serialize, values
from storage.dynamodb.tables import CART_ITEMS, table_name


class DynamoCartRepository(CartRepository):
    def __init__(self, writes: WriteBuffer) -> None:
        self.writes = writes

    def list(self, owner: str) -> list[CartItem]:
        if not it.usable_key(owner):
            return []
        found = query_all(TableName=table_name(CART_ITEMS), KeyConditionExpression="#owner = :owner",
                          ExpressionAttributeNames={"#owner": "owner"}, ExpressionAttributeValues=values(owner=owner),
                          ConsistentRead=True)
        # The key orders by product id; a cart is at most 49 lines, so oldest-first is sorted here.
        return sorted((it.cart_from_item(item) for item in found), key=lambda i: (it.timestamp(i.created_at), i.id))

    def get(self, owner: str, product_id: str) -> CartItem | None:
        if not (it.usable_key(owner) and it.usable_key(product_id)):
            return None
        item = get_item(table_name(CART_ITEMS), {"owner": owner, "productId": product_id})
        return it.cart_from_item(item) if item else None

    def save(self, item: CartItem, *, previous: CartItem | None = None) -> None:
        # A new line must not exist yet; a changed one must be as the caller read it (else StaleWrite).
        pinned = ("attribute_not_exists(productId)" if previous is None else "updatedAt = :was_updated")
        self.writes.stage("cart", item.id, {"Update": {
            "TableName": table_name(CART_ITEMS), "Key": serialize({"owner": item.owner, "productId": item.product_id}),
            "UpdateExpression": "SET quantity = :quantity, updatedAt = :updated, id = if_not_exists(id, :id), "
                                "createdAt = if_not_exists(createdAt, :created)",
            "ConditionExpression": pinned,
            "ExpressionAttributeValues": values(quantity=item.quantity, id=item.id,
                                                updated=it.timestamp(item.updated_at),
                                                created=it.timestamp(item.created_at), **_was_updated(previous)),
        }})

    def delete(self, item: CartItem) -> None:
        self.writes.stage("cart", item.id, {"Delete": {
            "TableName": table_name(CART_ITEMS), "Key": serialize({"owner": item.owner, "productId": item.product_id}),
            "ConditionExpression": "updatedAt = :was_updated",
            "ExpressionAttributeValues": values(**_was_updated(item)),
        }})

    def delete_many(self, owner: str, product_ids: Iterable[str]) -> None:
        for product_id in dict.fromkeys(product_ids):
            self.writes.stage("cart", product_id, {"Delete": {
                "TableName": table_name(CART_ITEMS), "Key": serialize({"owner": owner, "productId": product_id}),
            }})


def _was_updated(item: CartItem | None) -> dict:
    return {} if item is None else {"was_updated": it.timestamp(item.updated_at)}
