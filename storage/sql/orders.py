"""Order repository over the ORM: an order row plus its line rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from core.errors import DuplicateOrder, InvalidCursor
from core.pagination import Page, decode_cursor, encode_cursor
from orders.domain import Order, OrderStatus
from orders.models import OrderLineRecord, OrderRecord
from storage.base import OrderRepository


class SqlOrderRepository(OrderRepository):
    def __init__(self) -> None:
        self.lost_races: list[str] = []

    def get(self, order_id: str) -> Order | None:
        return next(iter(self._with_lines(OrderRecord.objects.filter(id=order_id))), None)

    def get_by_idempotency_key(self, key: str) -> Order | None:
        return next(iter(self._with_lines(OrderRecord.objects.filter(idempotency_key=key))), None)

    def list_for_user(self, user_id: str, *, cursor: str | None, limit: int) -> Page[Order]:
        return self._page(OrderRecord.objects.filter(user_id=user_id), f"orders|user|{user_id}", cursor, limit)

    def list(self, *, status: OrderStatus | None, cursor: str | None, limit: int) -> Page[Order]:
        records = OrderRecord.objects.all()
        if status is not None:
            records = records.filter(status=status)
        return self._page(records, f"orders|all|{status}", cursor, limit)

    def add(self, order: Order) -> None:
        record = OrderRecord(
            id=order.id, user_id=order.user_id, customer_email=order.customer_email,
            customer_name=order.customer_name, shipping_address=order.shipping_address,
            total_amount=order.total_amount, currency=order.currency, status=order.status,
            idempotency_key=order.idempotency_key, created_at=order.created_at, updated_at=order.updated_at,
        )
        try:
            with transaction.atomic():
                record.save(force_insert=True)
        except IntegrityError:
            raise DuplicateOrder(order.idempotency_key) from None
        OrderLineRecord.objects.bulk_create(
            OrderLineRecord(
                order_id=order.id, position=position, product_id=line.product_id,
                product_name=line.product_name, unit_price=line.unit_price, quantity=line.quantity,
            )
            for position, line in enumerate(order.lines)
        )

    def update_status(
        self, order_id: str, *, expected: OrderStatus, new: OrderStatus, updated_at: datetime
    ) -> None:
        updated = OrderRecord.objects.filter(id=order_id, status=expected).update(status=new, updated_at=updated_at)
        if not updated:
            self.lost_races.append(order_id)

    def _page(self, records: QuerySet, scope: str, cursor: str | None, limit: int) -> Page[Order]:
        position = decode_cursor(scope, cursor)
        if position is not None:
            try:
                created, last_id = datetime.fromisoformat(position["t"]), str(position["id"])
            except (KeyError, ValueError, TypeError):
                raise InvalidCursor() from None
            # `created_at <=` lets SQLite seek in the (…, created_at, id) index; the OR breaks ties.
            records = records.filter(Q(created_at__lte=created), Q(created_at__lt=created) | Q(id__lt=last_id))
        rows = list(records.order_by("-created_at", "-id")[: limit + 1])
        orders = self._with_lines(rows[:limit])
        next_cursor = None
        if len(rows) > limit:
            last = rows[limit - 1]
            next_cursor = encode_cursor(scope, {"t": last.created_at.isoformat(), "id": last.id})
        return Page(items=orders, next_cursor=next_cursor)

    @staticmethod
    def _with_lines(records) -> list[Order]:
        """Loads the lines of all the orders in one query (no N+1 on order lists)."""
        records = list(records)
        lines = defaultdict(list)
        for line in OrderLineRecord.objects.filter(order_id__in=[r.id for r in records]).order_by("position"):
            lines[line.order_id].append(line.to_domain())
        return [r.to_domain(lines[r.id]) for r in records]
