"""Orders: a snapshot of what was bought, and the status pipeline as data."""

from __future__ import annotations

import base64
import re
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
    customer email (matched in any case), of one status, or all of them. Only one of user_id,
    customer_email and status narrows a listing, in that order of precedence (each has its own index)."""

    user_id: str | None = None
    customer_email: str | None = None
    status: OrderStatus | None = None
    oldest_first: bool = False

    def scope(self) -> str:
        """Identifies the listing a page token belongs to, like ProductQuery.scope()."""
        order = "oldest" if self.oldest_first else "newest"
        if self.user_id is not None:
            return f"orders|user|{self.user_id}|{order}"
        if self.customer_email is not None:
            return f"orders|email|{email_key(self.customer_email)}|{order}"
        return f"orders|all|{self.status}|{order}"


@dataclass(frozen=True)
class OrderPlaced:
    """Published once the order and its stock decrements have committed."""

    order: Order


@dataclass(frozen=True)
class OrderStatusChanged:
    """Published once a status change (and, when cancelling, the restocking) has committed."""

    order: Order
    previous: OrderStatus


def email_key(address: str) -> str:
    """How an address is matched when staff search orders: trimmed, any case."""
    return address.strip().lower()


NUMBER_PATTERN = re.compile(r"^SH-?([A-Z2-7]{5})-?([A-Z2-7]{5})$")


def normalize_order_number(text: str) -> str | None:
    """"sh-abcde-fghij", "SHABCDEFGHIJ" ... -> "SH-ABCDE-FGHIJ"; None if it cannot be an order number."""
    match = NUMBER_PATTERN.match(text.strip().upper())
    return f"SH-{match.group(1)}-{match.group(2)}" if match else None


def order_id_prefix(number: str) -> str:
    """The first 12 hex digits of the id of any order with this (normalized) number: the number is the
    base32 of the id's first 50 bits, so its first 48 bits are exactly these digits."""
    digits = number.replace("SH-", "").replace("-", "")
    return base64.b32decode(digits + "======")[:6].hex()  # 10 base32 characters decode to 6 full bytes


def order_number(order_id: str) -> str:
    """A short, human-friendly number derived from the id, so no counter is needed on DynamoDB."""
    digest = base64.b32encode(bytes.fromhex(order_id.replace("-", "")[:20])).decode()
    return f"SH-{digest[:5]}-{digest[5:10]}"
