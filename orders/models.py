"""ORM tables for the SQLite backend's orders and their lines."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower

from core.ids import ID_MAX_LENGTH
from orders.domain import Order, OrderLine, OrderStatus


class OrderRecord(models.Model):
    id = models.CharField(primary_key=True, max_length=ID_MAX_LENGTH, editable=False)
    user_id = models.CharField(max_length=64)
    customer_email = models.EmailField()
    customer_name = models.CharField(max_length=200)
    shipping_address = models.TextField()
    total_amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=16, choices=[(s.value, s.value.title()) for s in OrderStatus])
    idempotency_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "orders_order"
        verbose_name = "order"
        indexes = [
            models.Index(fields=["user_id", "-created_at", "-id"], name="order_user_newest"),
            models.Index(fields=["-created_at", "-id"], name="order_newest"),
            models.Index(fields=["status", "-created_at", "-id"], name="order_status_newest"),
            # Staff search by email, in any case (storage.sql.orders).
            models.Index(Lower("customer_email"), models.F("created_at").desc(), models.F("id").desc(),
                         name="order_email_newest"),
        ]

    def to_domain(self, lines: list[OrderLine]) -> Order:
        return Order(
            id=self.id, user_id=self.user_id, customer_email=self.customer_email,
            customer_name=self.customer_name, shipping_address=self.shipping_address, lines=lines,
            total_amount=self.total_amount, currency=self.currency, status=OrderStatus(self.status),
            idempotency_key=self.idempotency_key, created_at=self.created_at, updated_at=self.updated_at,
        )


class OrderLineRecord(models.Model):
    order = models.ForeignKey(OrderRecord, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    product_id = models.CharField(max_length=ID_MAX_LENGTH)
    product_name = models.CharField(max_length=200)
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)
    quantity = models.PositiveSmallIntegerField()

    class Meta:
        db_table = "orders_line"
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["order", "position"], name="order_line_position")]

    def to_domain(self) -> OrderLine:
        return OrderLine(
            product_id=self.product_id, product_name=self.product_name, unit_price=self.unit_price,
            quantity=self.quantity,
        )
