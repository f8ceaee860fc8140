"""Domain events -> real-time bus messages, for every write path (pages, admin, GraphQL, commands).

The services publish their events once a write has committed (core.events); this turns each into the
message the serving processes deliver to subscribers. A rolled-back or refused write publishes nothing,
because nothing was published for it. Bulk seeding (catalog.seeding) writes without events, on purpose.
"""

from __future__ import annotations

from api.realtime import wire
from api.realtime.bus import publish
from cart.domain import CartItemChanged
from catalog.domain import CategoryChanged, ProductChanged, StockChanged
from core.events import subscribe
from orders.domain import OrderPlaced, OrderStatusChanged


def record_message(action: str, record: object) -> dict:
    return {"kind": "record", "action": action, "record": wire.dumps(record)}


HANDLERS = {
    ProductChanged: lambda event: publish(record_message(event.action, event.product)),
    CategoryChanged: lambda event: publish(record_message(event.action, event.category)),
    CartItemChanged: lambda event: publish(record_message(event.action, event.item)),
    OrderPlaced: lambda event: publish(record_message("create", event.order)),
    OrderStatusChanged: lambda event: publish(record_message("update", event.order)),
    # Only the stock moved: the serving processes read the products fresh (and only when subscribed).
    StockChanged: lambda event: publish({"kind": "stock", "product_ids": list(event.product_ids)}),
}


def connect() -> None:
    """Called once per process (api.apps.ApiConfig.ready)."""
    for event_type, handler in HANDLERS.items():
        subscribe(event_type, handler)
