"""This process's subscriptions, fed by the real-time bus.

The hub listens to the bus once the first connection is open, and for each event renders a payload for
every matching subscription on a small thread pool (rendering runs Django code: resolvers, the category
cache, a product read for stock changes), then hands each payload to its connection on the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from django.db import close_old_connections

from api.realtime import wire
from api.realtime.bus import bus
from api.realtime.metrics import realtime_metrics
from api.realtime.subscriptions import Subscription, render
from catalog import selectors as catalog_selectors
from catalog.domain import Category
from core.errors import NotFound, ShopError

logger = logging.getLogger("shop.realtime")

RENDER_THREADS = 4


class Hub:
    def __init__(self) -> None:
        self.by_field: dict[str, set[Subscription]] = defaultdict(set)
        self.loop: asyncio.AbstractEventLoop | None = None
        self._listener: asyncio.Task | None = None
        self._executor = ThreadPoolExecutor(max_workers=RENDER_THREADS, thread_name_prefix="realtime")

    def start(self) -> None:
        """Starts listening to the bus (once per event loop: uvicorn's worker runs one)."""
        loop = asyncio.get_running_loop()
        if self._listener is None or self._listener.done() or self.loop is not loop:
            self.loop = loop
            self._listener = loop.create_task(bus().listen(self.deliver), name="realtime-bus")
            realtime_metrics.start(loop)

    def add(self, sub: Subscription) -> None:
        self.by_field[sub.field].add(sub)

    def remove(self, sub: Subscription) -> None:
        self.by_field[sub.field].discard(sub)

    @property
    def subscription_count(self) -> int:
        return sum(len(subs) for subs in self.by_field.values())

    def deliver(self, message: dict) -> None:
        """Called on the event loop for each bus message: renders off the loop if anyone listens."""
        subs = [sub for name in _fields_for(message) for sub in self.by_field.get(name, ())]
        if subs:
            future = self.loop.run_in_executor(self._executor, self._render_all, message, subs)
            future.add_done_callback(_log_failure)

    def _render_all(self, message: dict, subs: list[Subscription]) -> None:
        try:
            for record in _records(message):
                for sub in subs:
                    if record.__class__.__name__ != sub.type_name:
                        continue
                    try:
                        data = render(sub, record)
                    except Exception:
                        logger.exception("real-time: rendering %s for subscription %s failed", sub.field, sub.id)
                        realtime_metrics.count("PublishDataMessageServerError")
                        continue
                    if data is not None:
                        self.loop.call_soon_threadsafe(sub.send, {"type": "data", "id": sub.id,
                                                                  "payload": {"data": data}})
        finally:
            close_old_connections()


def _fields_for(message: dict) -> list[str]:
    if message.get("kind") == "stock":
        return ["onUpdateProduct"]
    verb = {"create": "Create", "update": "Update", "delete": "Delete"}[message["action"]]
    return [f"on{verb}{message['record']['type']}"]


def _records(message: dict) -> list[object]:
    if message.get("kind") == "stock":  # only the stock moved: read the products as they are now
        return list(catalog_selectors.product_get_many(product_ids=message["product_ids"]).values())
    record = wire.loads(message["record"])
    if isinstance(record, Category) and message["action"] != "delete":
        # With its product count, which the write that published it did not compute.
        with contextlib.suppress(NotFound):
            record = catalog_selectors.category_get(category_id=record.id)
    return [record]


def _log_failure(future) -> None:
    error = future.exception()
    if error is not None and not isinstance(error, ShopError | asyncio.CancelledError):
        logger.error("real-time: delivering an event failed", exc_info=error)


hub = Hub()
