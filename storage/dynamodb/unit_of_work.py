"""The DynamoDB unit of work: it builds the repositories over its write buffer and flushes the buffer
as one TransactWriteItems on commit."""

from __future__ import annotations

from storage.base import UnitOfWork
from storage.dynamodb.buffer import WriteBuffer
from storage.dynamodb.cart import DynamoCartRepository
from storage.dynamodb.catalog import DynamoCategoryRepository, DynamoProductRepository
from storage.dynamodb.client import batch_write, call, query_all, serialize
from storage.dynamodb.orders import DynamoOrderRepository
from storage.dynamodb.tables import CART_ITEMS, CATEGORIES, DEFINITIONS, ORDERS, PRODUCT_WORDS, PRODUCTS, table_name


class DynamoUnitOfWork(UnitOfWork):
    def __init__(self) -> None:
        self.writes = WriteBuffer()
        self.categories = DynamoCategoryRepository(self.writes)
        self.products = DynamoProductRepository(self.writes)
        self.carts = DynamoCartRepository(self.writes)
        self.orders = DynamoOrderRepository(self.writes)

    def _begin(self) -> None:
        self.writes.open()

    def _commit(self) -> None:
        self.writes.flush()

    def _end(self, *, commit_done: bool) -> None:
        self.writes.close()

    def delete_all(self) -> None:
        for logical in (ORDERS, CART_ITEMS, PRODUCT_WORDS, PRODUCTS, CATEGORIES):
            key_names = [k["AttributeName"] for k in DEFINITIONS[logical]["KeySchema"]]
            table = table_name(logical)
            keys = query_all(operation="scan", TableName=table, ProjectionExpression=", ".join(f"#k{i}" for i in
                             range(len(key_names))), ExpressionAttributeNames={f"#k{i}": n for i, n in
                             enumerate(key_names)})
            batch_write(table, [{"DeleteRequest": {"Key": serialize(key)}} for key in keys])

    def ping(self) -> None:
        call("describe_table", TableName=table_name(PRODUCTS))
