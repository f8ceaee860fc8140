"""The real-time bus: how an event written by any process reaches the subscribers of every other.

Two engines, chosen by REALTIME_BUS (`auto`: Redis when REDIS_URL is set, else the database):
- Redis pub/sub (`redis`): several app instances share one Redis (ElastiCache in production); a message
  reaches every process subscribed at that moment, within milliseconds.
- Django's database (`database`): the embedded default of `make run`, needing no other service. Events
  are rows of `api_realtimeevent`; every serving process polls for rows newer than the last it saw every
  REALTIME_POLL_SECONDS. On PostgreSQL (DATABASE_URL) this spans instances too.

Either way delivery is best-effort and at most once, as AppSync's is: a process that is not listening
when an event is published (restarting, disconnected from Redis) does not get it later.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from api.realtime import wire

logger = logging.getLogger("shop.realtime")

CHANNEL = "shop:realtime"
KEEP_EVENTS = timedelta(minutes=5)  # database rows older than this are deleted (nobody polls that late)
PRUNE_EVERY = 500  # publishes between two prunes


class DatabaseBus:
    name = "database"

    def __init__(self) -> None:
        self._published = 0

    def publish(self, message: dict) -> None:
        from api.models import RealtimeEvent

        RealtimeEvent.objects.create(message=wire.encode(message))
        self._published += 1
        if self._published % PRUNE_EVERY == 0:
            RealtimeEvent.objects.filter(created_at__lt=timezone.now() - KEEP_EVENTS).delete()

    async def listen(self, deliver: Callable[[dict], None]) -> None:
        """Polls forever (until cancelled), delivering each new event in order."""
        loop = asyncio.get_running_loop()
        last = await loop.run_in_executor(None, _latest_event_id)
        while True:
            try:
                rows = await loop.run_in_executor(None, _events_after, last)
            except Exception:  # a database hiccup: the next poll tries again
                logger.warning("real-time bus: reading events failed", exc_info=True)
                rows = []
            for event_id, text in rows:
                last = event_id
                deliver(wire.decode(text))
            await asyncio.sleep(settings.REALTIME_POLL_SECONDS)


def _latest_event_id() -> int:
    from api.models import RealtimeEvent

    try:
        return RealtimeEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    finally:
        close_old_connections()


def _events_after(last: int) -> list[tuple[int, str]]:
    from api.models import RealtimeEvent

    try:
        return list(RealtimeEvent.objects.filter(id__gt=last).order_by("id").values_list("id", "message")[:500])
    finally:
        close_old_connections()


class RedisBus:
    name = "redis"

    def __init__(self, url: str) -> None:
        self.url = url
        self._client = None

    def publish(self, message: dict) -> None:
        if self._client is None:
            import redis

            self._client = redis.Redis.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)
        self._client.publish(CHANNEL, wire.encode(message))

    async def listen(self, deliver: Callable[[dict], None]) -> None:
        """Subscribes and delivers forever; a lost connection is re-made with a growing pause."""
        import redis.asyncio

        pause = 0.1
        while True:
            client = redis.asyncio.Redis.from_url(self.url)
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    pause = 0.1
                    async for item in pubsub.listen():
                        if item.get("type") == "message":
                            deliver(wire.decode(item["data"]))
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("real-time bus: Redis connection lost; reconnecting in %.1f s", pause, exc_info=True)
                await asyncio.sleep(pause)
                pause = min(5.0, pause * 2)
            finally:
                await client.aclose()


_bus: DatabaseBus | RedisBus | None = None
_bus_key: tuple | None = None


def bus() -> DatabaseBus | RedisBus:
    """The configured engine (one per process)."""
    global _bus, _bus_key
    key = (settings.REALTIME_BUS, settings.REDIS_URL)
    if _bus is None or _bus_key != key:
        choice = settings.REALTIME_BUS
        if choice == "auto":
            choice = "redis" if settings.REDIS_URL else "database"
        _bus, _bus_key = (RedisBus(settings.REDIS_URL) if choice == "redis" else DatabaseBus()), key
    return _bus


def publish(message: dict) -> None:
    """Sends one event to every serving process; a failure is logged, never raised: the write it reports
    has already committed, and real-time delivery is best-effort."""
    started = time.perf_counter()
    try:
        bus().publish(message)
    except Exception:
        logger.warning("real-time bus: publishing failed (%s)", bus().name, exc_info=True)
    finally:
        elapsed = (time.perf_counter() - started) * 1000
        if elapsed > 250:
            logger.warning("real-time bus: publishing took %.0f ms", elapsed)
