"""Order repository over the ORM: an order row plus its line rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from core.errors import AlreadyExists, DuplicateOrder
from core.pagination import Page
from orders.domain import Order, OrderQuery, OrderStatus, email_key, order_id_prefix
from orders.models import OrderLineRecord, OrderRecord
from storage.base import OrderRepository
from storage.sql.keyset import keyset_page


class SqlOrderRepository(OrderRepository):
    def __init__(self) -> None:
        self.lost_races: list[str] = []

    def get(self, order_id: str) -> Order | None:
        return next(iter(self._with_lines(OrderRecord.objects.filter(id=order_id))), None)

    def get_by_idempotency_key(self, key: str) -> Order | None:
        return next(iter(self._with_lines(OrderRecord.objects.filter(idempotency_key=key))), None)

    def get_by_number(self, number: str) -> Order | None:
        # Ids are lower-case hex: every id starting with the prefix sorts in [prefix, prefix + "g").
        prefix = order_id_prefix(number)
        candidates = self._with_lines(OrderRecord.objects.filter(id__gte=prefix, id__lt=prefix + "g"))
        return next((order for order in candidates if order.number == number), None)

    def list(self, query: OrderQuery, *, cursor: str | None, limit: int) -> Page[Order]:
        records = OrderRecord.objects.all()
        if query.user_id is not None:
            records = records.filter(user_id=query.user_id)
        elif query.customer_email is not None:
            records = records.alias(email_key=Lower("customer_email")).filter(email_key=email_key(query.customer_email))
        elif query.status is not None:
            records = records.filter(status=query.status)
        return keyset_page(records, scope=query.scope(), cursor=cursor, limit=limit, column="created_at",
                           descending=not query.oldest_first, parse=datetime.fromisoformat,
                           to_domain=self._with_lines)

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
            if OrderRecord.objects.filter(idempotency_key=order.idempotency_key).exists():
                raise DuplicateOrder(order.idempotency_key) from None
            raise AlreadyExists("order", order.id) from None
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

    @staticmethod
    def _with_lines(records) -> list[Order]:
        """Loads the lines of all the orders in one query (no N+1 on order lists)."""
        records = list(records)
        lines = defaultdict(list)
        for line in OrderLineRecord.objects.filter(order_id__in=[r.id for r in records]).order_by("position"):
            lines[line.order_id].append(line.to_domain())
        return [r.to_domain(lines[r.id]) for r in records]
