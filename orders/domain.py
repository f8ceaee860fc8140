"""Orders: a snapshot of what was bought, and the status pipeline as data."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum


class OrderStatus(StrEnum):
    PENDING = "PENDING"
    PAID = "PAID"
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"
    CANCELLED = "CANCELLED"


# The only moves staff may make; anything else is refused with InvalidTransition.
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PENDING: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED}),
    OrderStatus.PAID: frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED}),
    OrderStatus.DELIVERED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


@dataclass
class OrderLine:
    product_id: str
    product_name: str
    unit_price: Decimal
    quantity: int

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass
class Order:
    id: str
    user_id: str
    customer_email: str
    customer_name: str
    shipping_address: str
    lines: list[OrderLine]
    total_amount: Decimal
    currency: str
    idempotency_key: str
    status: OrderStatus = OrderStatus.PENDING
    created_at: datetime | None = None
    updated_at: datetime | None = None
    number: str = field(default="")

    def __post_init__(self) -> None:
        if not self.number:
            self.number = order_number(self.id)

    @property
    def allowed_statuses(self) -> list[OrderStatus]:
        return sorted(TRANSITIONS[self.status])


@dataclass(frozen=True)
class OrderQuery:
    """What an order listing asks for, by creation time: one user's orders, or (staff) the orders of one
    customer email, of one status, or all of them. Only one of user_id, customer_email and status
    narrows a listing, in that order of precedence (each has its own index)."""

    user_id: str | None = None
    customer_email: str | None = None
    status: OrderStatus | None = None
    oldest_first: bool = False

    def scope(self) -> str:
        """Identifies the listing a page token belongs to, like ProductQuery.scope()."""
        order = "|oldest" if self.oldest_first else ""
        if self.user_id is not None:
            return f"orders|user|{self.user_id}{order}"
        if self.customer_email is not None:
            return f"orders|email|{self.customer_email}{order}"
        return f"orders|all|{self.status}{order}"


@dataclass(frozen=True)
class OrderPlaced:
    """Published once the order and its stock decrements have committed."""

    order: Order


@dataclass(frozen=True)
class OrderStatusChanged:
    """Published once a status change (and, when cancelling, the restocking) has committed."""

    order: Order
    previous: OrderStatus


def order_number(order_id: str) -> str:
    """A short, human-friendly number derived from the id, so no counter is needed on DynamoDB."""
    digest = base64.b32encode(bytes.fromhex(order_id.replace("-", "")[:20])).decode()
    return f"SH-{digest[:5]}-{digest[5:10]}"
