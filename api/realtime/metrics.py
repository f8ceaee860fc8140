"""CloudWatch metrics for the real-time API, under AppSync's real-time metric names.

Counts add up in memory and go out as one EMF line (observability.metrics) every
METRICS_FLUSH_SECONDS while this process serves WebSockets, with the gauges ActiveConnections and
ActiveSubscriptions and each closed connection's ConnectionDuration (milliseconds).
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter

from django.conf import settings

from observability import metrics as emf


class RealtimeMetrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self._durations: list[float] = []
        self.active_connections = 0
        self.active_subscriptions = 0
        self._flusher: asyncio.Task | None = None

    def count(self, name: str, value: int = 1) -> None:
        with self._lock:
            self._counts[name] += value

    def connection_closed(self, duration_ms: float) -> None:
        with self._lock:
            self._durations.append(round(duration_ms, 3))

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._flusher is None or self._flusher.done():
            self._flusher = loop.create_task(self._flush_every(), name="realtime-metrics")

    async def _flush_every(self) -> None:
        while True:
            await asyncio.sleep(float(getattr(settings, "METRICS_FLUSH_SECONDS", 10)))
            self.flush()

    def flush(self) -> dict | None:
        """Emits what was counted since the last flush (nothing when nothing happened)."""
        with self._lock:
            counts, durations = dict(self._counts), self._durations
            self._counts, self._durations = Counter(), []
        if not counts and not durations and not self.active_connections:
            return None
        values: dict[str, object] = {**counts, "ActiveConnections": self.active_connections,
                                     "ActiveSubscriptions": self.active_subscriptions}
        if durations:
            values["ConnectionDuration"] = durations  # EMF takes an array of values for one metric
        document = emf.emf_document(values, {"Service": emf.service()}, [["Service"]])
        emf.emit(document)
        return document


realtime_metrics = RealtimeMetrics()
