"""The DynamoDB unit of work: repositories stage write actions, commit() sends one transaction."""

from __future__ import annotations

import hashlib
from collections import Counter

from storage.base import UnitOfWork
from storage.dynamodb.cart import DynamoCartRepository
from storage.dynamodb.catalog import DynamoCategoryRepository, DynamoProductRepository
from storage.dynamodb.client import batch_get, batch_write, call, query_all, serialize, values
from storage.dynamodb.orders import DynamoOrderRepository
from storage.dynamodb.tables import CART_ITEMS, CATEGORIES, DEFINITIONS, ORDERS, PRODUCTS, table_name
from storage.dynamodb.transaction import Action, Kind, execute

TOKEN_LENGTH = 36  # ClientRequestToken's maximum


class DynamoUnitOfWork(UnitOfWork):
    def __init__(self) -> None:
        self.categories = DynamoCategoryRepository(self)
        self.products = DynamoProductRepository(self)
        self.carts = DynamoCartRepository(self)
        self.orders = DynamoOrderRepository(self)
        self._actions: list[Action] | None = None
        self._product_counts: Counter[str] = Counter()
        self._restocks: Counter[str] = Counter()
        self._token: str | None = None

    # -- staging, called by the repositories ---------------------------------------------------------

    def stage(self, kind: Kind, subject: str, request: dict) -> None:
        if self._actions is None:
            raise RuntimeError("Storage writes must be made inside `with uow:` and committed.")
        self._actions.append(Action(kind, subject, request))

    def count_products(self, category_id: str, delta: int) -> None:
        """Adjusts a category's active-product counter in the same transaction (summed per category)."""
        self._product_counts[category_id] += delta

    def restore_stock(self, product_id: str, quantity: int) -> None:
        self._restocks[product_id] += quantity

    def use_request_token(self, idempotency_key: str) -> None:
        """Makes a network-level retry of this very transaction a no-op on DynamoDB's side."""
        self._token = hashlib.sha256(idempotency_key.encode()).hexdigest()[:TOKEN_LENGTH]

    # -- UnitOfWork ------------------------------------------------------------------------------------

    def _begin(self) -> None:
        self._actions = []
        self._product_counts.clear()
        self._restocks.clear()
        self._token = None

    def _commit(self) -> None:
        actions = [*(self._actions or []), *self._counter_actions(), *self._restock_actions()]
        if actions:
            execute(actions, token=self._token)
        self._begin()  # a second commit in the same block sends only what was staged after this one

    def _end(self, *, commit_done: bool) -> None:
        # Nothing was sent unless commit() ran; dropping the staged actions is the rollback.
        self._actions = None

    def _counter_actions(self) -> list[Action]:
        return [
            Action(Kind.OTHER, category_id, {"Update": {
                "TableName": table_name(CATEGORIES), "Key": serialize({"id": category_id}),
                "UpdateExpression": "ADD productCount :delta", "ConditionExpression": "attribute_exists(id)",
                "ExpressionAttributeValues": values(delta=delta),
            }})
            for category_id, delta in self._product_counts.items() if delta
        ]

    def _restock_actions(self) -> list[Action]:
        """Stock comes back only for products that still exist (one batch read to find them).

        The update's attribute_exists condition catches a delete that races this commit: the
        transaction is refused as a Conflict rather than re-creating a stub product.
        """
        if not self._restocks:
            return []
        existing = {item["id"] for item in batch_get(table_name(PRODUCTS), [{"id": pid} for pid in self._restocks])}
        return [
            Action(Kind.OTHER, product_id, {"Update": {
                "TableName": table_name(PRODUCTS), "Key": serialize({"id": product_id}),
                "UpdateExpression": "SET stock = stock + :qty", "ConditionExpression": "attribute_exists(id)",
                "ExpressionAttributeValues": values(qty=quantity),
            }})
            for product_id, quantity in self._restocks.items() if product_id in existing
        ]

    def delete_all(self) -> None:
        for logical in (ORDERS, CART_ITEMS, PRODUCTS, CATEGORIES):
            key_names = [k["AttributeName"] for k in DEFINITIONS[logical]["KeySchema"]]
            table = table_name(logical)
            keys = query_all(operation="scan", TableName=table, ProjectionExpression=", ".join(f"#k{i}" for i in
                             range(len(key_names))), ExpressionAttributeNames={f"#k{i}": n for i, n in
                             enumerate(key_names)})
            batch_write(table, [{"DeleteRequest": {"Key": serialize(key)}} for key in keys])

    def ping(self) -> None:
        call("describe_table", TableName=table_name(PRODUCTS))
