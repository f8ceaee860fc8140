"""Order repository on DynamoDB: one item per order (lines inside) plus one idempotency item."""

from __future__ import annotations

from datetime import datetime

from core.pagination import Page
from orders.domain import Order, OrderQuery, OrderStatus, email_key
from storage.base import OrderRepository
from storage.dynamodb import items as it
from storage.dynamodb.buffer import WriteBuffer
from storage.dynamodb.client import first_by_index, get_item, serialize, values
from storage.dynamodb.listing import IndexQuery, read_page
from storage.dynamodb.tables import ORDERS, table_name
from storage.dynamodb.transaction import Kind


class DynamoOrderRepository(OrderRepository):
    def __init__(self, writes: WriteBuffer) -> None:
        self.writes = writes

    def get(self, order_id: str) -> Order | None:
        if not it.usable_key(order_id) or order_id.startswith(it.IDEMPOTENCY_PREFIX):
            return None
        item = get_item(table_name(ORDERS), {"id": order_id})
        return it.order_from_item(item) if item else None

    def get_by_idempotency_key(self, key: str) -> Order | None:
        # Two strongly consistent reads, not a GSI: a retry right after the first commit must see it.
        claim = get_item(table_name(ORDERS), {"id": it.idempotency_id(key)}) if it.usable_key(key) else None
        return self.get(claim["orderId"]) if claim else None

    def get_by_number(self, number: str) -> Order | None:
        item = first_by_index(table_name(ORDERS), "byNumber", "number", number)
        # The index is eventually consistent: read the order itself for its current status.
        return self.get(item["id"]) if item else None

    def list(self, query: OrderQuery, *, cursor: str | None, limit: int) -> Page[Order]:
        # The index for each listing: a user's orders, one customer email's, one status, or all of them.
        if query.user_id is not None:
            if not it.usable_key(query.user_id):
                return Page(items=[])
            index, attribute, value = "byUser", "userId", query.user_id
        elif query.customer_email is not None:
            if not it.usable_key(email_key(query.customer_email)):
                return Page(items=[])
            index, attribute, value = "byEmail", "emailKey", email_key(query.customer_email)
        elif query.status is not None:
            index, attribute, value = "byStatus", "status", OrderStatus(query.status).value
        else:
            index, attribute, value = "allOrders", "listing", it.CATALOG_PARTITION
        index_query = IndexQuery(table=table_name(ORDERS), index=index, partition_attribute=attribute,
                                 partition_value=value, sort_attribute="newestKey", descending=not query.oldest_first)
        found, next_cursor = read_page(index_query, scope=query.scope(), cursor=cursor, limit=limit,
                                       first_read=limit + 1)
        return Page(items=[it.order_from_item(item) for item in found], next_cursor=next_cursor)

    def add(self, order: Order) -> None:
        table = table_name(ORDERS)
        self.writes.stage("order", order.id, {"Put": {
            "TableName": table, "Item": serialize(it.order_item(order)),
            "ConditionExpression": "attribute_not_exists(id)",
        }}, Kind.NEW)
        # A separate claim item: the ClientRequestToken only covers 10 minutes, this covers forever.
        self.writes.stage("order", order.idempotency_key, {"Put": {
            "TableName": table, "ConditionExpression": "attribute_not_exists(id)",
            "Item": serialize({"id": it.idempotency_id(order.idempotency_key), "orderId": order.id,
                               "createdAt": it.timestamp(order.created_at)}),
        }}, Kind.IDEMPOTENCY)
        self.writes.use_request_token(order.idempotency_key)

    def update_status(
        self, order_id: str, *, expected: OrderStatus, new: OrderStatus, updated_at: datetime
    ) -> None:
        self.writes.stage("order", order_id, {"Update": {
            "TableName": table_name(ORDERS), "Key": serialize({"id": order_id}),
            "UpdateExpression": "SET #status = :new, updatedAt = :updated",
            "ConditionExpression": "#status = :expected",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": values(new=new.value, expected=expected.value,
                                                updated=it.timestamp(updated_at)),
        }})
