"""Optional PutMetricData delivery (METRICS_PUT_METRIC_DATA=1) for hosts without EMF log extraction.

Requests only add their EMF documents to an in-memory buffer; a background thread aggregates equal
values and sends them in batches every METRICS_FLUSH_SECONDS (and when the buffer grows large), so a
request never waits for CloudWatch. A failed send is logged and dropped: metrics must not take the
shop down.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections import Counter, defaultdict

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

logger = logging.getLogger(__name__)

MAX_DATA_PER_CALL = 500  # API limit is 1000 per call and 1 MB; half keeps well inside both
MAX_VALUES_PER_DATUM = 150  # API limit for Values/Counts
FLUSH_WHEN_KEYS = 200  # distinct (metric, dimensions) pairs buffered before an early flush

Key = tuple[str, str, tuple[tuple[str, str], ...], str]  # namespace, name, dimensions, unit


class MetricsPublisher:
    def __init__(self, interval_seconds: float) -> None:
        self.interval = interval_seconds
        self._buffer: dict[Key, Counter] = defaultdict(Counter)
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        self._client = None
        self._stopping = False

    def add(self, document: dict) -> None:
        """Buffers every metric of an EMF document, once per dimension set."""
        with self._lock:
            for directive in document["_aws"]["CloudWatchMetrics"]:
                for dimension_set in directive["Dimensions"]:
                    dimensions = tuple((name, str(document[name])) for name in dimension_set)
                    for metric in directive["Metrics"]:
                        key = (directive["Namespace"], metric["Name"], dimensions, metric["Unit"])
                        value = document[metric["Name"]]  # EMF allows an array of values per metric
                        for one in value if isinstance(value, list) else [value]:
                            self._buffer[key][float(one)] += 1
            large = len(self._buffer) >= FLUSH_WHEN_KEYS
        self._ensure_thread()
        if large:
            self._wake.set()

    def flush(self) -> int:
        """Sends everything buffered now; returns the number of data sent."""
        with self._lock:
            buffer, self._buffer = self._buffer, defaultdict(Counter)
        by_namespace: dict[str, list[dict]] = defaultdict(list)
        for (namespace, name, dimensions, unit), values in buffer.items():
            items = sorted(values.items())
            for start in range(0, len(items), MAX_VALUES_PER_DATUM):
                chunk = items[start:start + MAX_VALUES_PER_DATUM]
                by_namespace[namespace].append({
                    "MetricName": name,
                    "Dimensions": [{"Name": key, "Value": value} for key, value in dimensions],
                    "Unit": unit,
                    "Values": [value for value, _ in chunk],
                    "Counts": [float(count) for _, count in chunk],
                })
        sent = 0
        for namespace, data in by_namespace.items():
            for start in range(0, len(data), MAX_DATA_PER_CALL):
                batch = data[start:start + MAX_DATA_PER_CALL]
                try:
                    self.client().put_metric_data(Namespace=namespace, MetricData=batch)
                    sent += len(batch)
                except (BotoCoreError, ClientError) as error:
                    logger.warning("PutMetricData failed, %d metric data dropped: %s", len(batch), error)
        return sent

    def client(self):
        if self._client is None:
            self._client = boto3.client("cloudwatch", config=Config(retries={"mode": "standard"},
                                                                    connect_timeout=3, read_timeout=5))
        return self._client

    def _ensure_thread(self) -> None:
        # gunicorn forks workers after import: each process needs its own thread (and client).
        if self._pid == os.getpid() and self._thread and self._thread.is_alive():
            return
        with self._lock:
            if self._pid != os.getpid() or not (self._thread and self._thread.is_alive()):
                self._pid, self._client = os.getpid(), None
                self._thread = threading.Thread(target=self._run, name="metrics-publisher", daemon=True)
                self._thread.start()

    def close(self) -> None:
        """Stops the background thread after a last flush."""
        self._stopping = True
        self._wake.set()
        if self._thread and self._thread.is_alive():
            self._thread.join(timeout=10)
        self.flush()

    def _run(self) -> None:
        while not self._stopping:
            self._wake.wait(self.interval)
            self._wake.clear()
            if not self._stopping:
                self.flush()


_publisher: MetricsPublisher | None = None
_publisher_lock = threading.Lock()


def publisher() -> MetricsPublisher:
    global _publisher
    with _publisher_lock:
        if _publisher is None:
            _publisher = MetricsPublisher(float(getattr(settings, "METRICS_FLUSH_SECONDS", 10)))
            atexit.register(_publisher.flush)  # what the last interval buffered still gets sent
        return _publisher
