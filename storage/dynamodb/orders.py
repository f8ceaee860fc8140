"""Order repository on DynamoDB: one item per order (lines inside) plus one idempotency item."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from core.pagination import Page
from orders.domain import Order, OrderStatus
from storage.base import OrderRepository
from storage.dynamodb import items as it
from storage.dynamodb.catalog import get_item
from storage.dynamodb.client import serialize, values
from storage.dynamodb.listing import IndexQuery, read_page
from storage.dynamodb.tables import ORDERS, table_name
from storage.dynamodb.transaction import Kind

if TYPE_CHECKING:
    from storage.dynamodb.unit_of_work import DynamoUnitOfWork


class DynamoOrderRepository(OrderRepository):
    def __init__(self, uow: DynamoUnitOfWork) -> None:
        self.uow = uow

    def get(self, order_id: str) -> Order | None:
        if not it.usable_key(order_id) or order_id.startswith(it.IDEMPOTENCY_PREFIX):
            return None
        item = get_item(ORDERS, {"id": order_id})
        return it.order_from_item(item) if item else None

    def get_by_idempotency_key(self, key: str) -> Order | None:
        # Two strongly consistent reads, not a GSI: a retry right after the first commit must see it.
        claim = get_item(ORDERS, {"id": it.idempotency_id(key)}) if it.usable_key(key) else None
        return self.get(claim["orderId"]) if claim else None

    def list_for_user(self, user_id: str, *, cursor: str | None, limit: int) -> Page[Order]:
        if not it.usable_key(user_id):
            return Page(items=[])
        return self._page("byUser", "userId", user_id, f"orders|user|{user_id}", cursor, limit)

    def list(self, *, status: OrderStatus | None, cursor: str | None, limit: int) -> Page[Order]:
        scope = f"orders|all|{status}"
        if status is None:
            return self._page("allOrders", "listing", it.CATALOG_PARTITION, scope, cursor, limit)
        return self._page("byStatus", "status", OrderStatus(status).value, scope, cursor, limit)

    def add(self, order: Order) -> None:
        table = table_name(ORDERS)
        self.uow.stage(Kind.OTHER, order.id, {"Put": {
            "TableName": table, "Item": serialize(it.order_item(order)),
            "ConditionExpression": "attribute_not_exists(id)",
        }})
        # A separate claim item: the ClientRequestToken only covers 10 minutes, this covers forever.
        self.uow.stage(Kind.IDEMPOTENCY, order.idempotency_key, {"Put": {
            "TableName": table, "ConditionExpression": "attribute_not_exists(id)",
            "Item": serialize({"id": it.idempotency_id(order.idempotency_key), "orderId": order.id,
                               "createdAt": it.timestamp(order.created_at)}),
        }})
        self.uow.use_request_token(order.idempotency_key)

    def update_status(
        self, order_id: str, *, expected: OrderStatus, new: OrderStatus, updated_at: datetime
    ) -> None:
        self.uow.stage(Kind.STATUS, order_id, {"Update": {
            "TableName": table_name(ORDERS), "Key": serialize({"id": order_id}),
            "UpdateExpression": "SET #status = :new, updatedAt = :updated",
            "ConditionExpression": "#status = :expected",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": values(new=new.value, expected=expected.value,
                                                updated=it.timestamp(updated_at)),
        }})

    def _page(self, index: str, attribute: str, value: str, scope: str, cursor: str | None,
              limit: int) -> Page[Order]:
        query = IndexQuery(table=table_name(ORDERS), index=index, partition_attribute=attribute,
                           partition_value=value, sort_attribute="newestKey", descending=True)
        found, next_cursor = read_page(query, scope=scope, cursor=cursor, limit=limit, first_read=limit + 1)
        return Page(items=[it.order_from_item(item) for item in found], next_cursor=next_cursor)
