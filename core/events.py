"""Domain events, published by the services once a write has committed.

Services say what happened (`publish(OrderPlaced(order))`, registered with `uow.on_commit` so nothing
is published for a write that was rolled back or refused); other parts of the shop react without the
services knowing them (order email, real-time subscriptions). A handler that fails is logged and
skipped: the write it reacts to has already happened and must not be reported as failed.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

Handler = Callable[[Any], None]
_handlers: dict[type, list[Handler]] = defaultdict(list)


def subscribe(event_type: type, handler: Handler) -> None:
    """Calls `handler(event)` for every published event of exactly `event_type` (idempotent)."""
    if handler not in _handlers[event_type]:
        _handlers[event_type].append(handler)


def unsubscribe(event_type: type, handler: Handler) -> None:
    if handler in _handlers[event_type]:
        _handlers[event_type].remove(handler)


def publish(event: object) -> None:
    for handler in list(_handlers[type(event)]):
        try:
            handler(event)
        except Exception:
            logger.exception("event handler %s failed for %s", getattr(handler, "__qualname__", handler),
                             type(event).__name__)
