"""Order events -> queued emails. Registered by NotificationsConfig.ready().

The handlers run once the order's write has committed (core.events, `uow.on_commit`); they only
queue the email and wake the background sender, so a checkout is neither failed nor slowed by mail.
"""

from __future__ import annotations

from core.events import subscribe
from notifications import worker
from notifications.messages import order_email
from notifications.models import OutboxEmail
from notifications.services import email_enqueue
from orders.domain import OrderPlaced, OrderStatus, OrderStatusChanged

# The status changes a shopper is told about; PAID and DELIVERED are the shop's own bookkeeping.
STATUS_EMAILS = {
    OrderStatus.SHIPPED: OutboxEmail.Kind.ORDER_SHIPPED,
    OrderStatus.CANCELLED: OutboxEmail.Kind.ORDER_CANCELLED,
}


def on_order_placed(event: OrderPlaced) -> None:
    _queue(OutboxEmail.Kind.ORDER_PLACED, event.order)


def on_order_status_changed(event: OrderStatusChanged) -> None:
    kind = STATUS_EMAILS.get(event.order.status)
    if kind is not None:
        _queue(kind, event.order)


def _queue(kind: OutboxEmail.Kind, order) -> None:
    if email_enqueue(kind=kind, draft=order_email(kind, order), reference=order.id) is not None:
        worker.deliver_soon()


def register() -> None:
    subscribe(OrderPlaced, on_order_placed)
    subscribe(OrderStatusChanged, on_order_status_changed)
