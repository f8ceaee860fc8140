"""CloudWatch metrics as Embedded Metric Format (EMF) log lines, with AppSync's metric names.

Each request produces one EMF document, which is also its log line (observability.middleware): the
dimension groups are the whole service, the page route (`Service`, `Service`+`Route`) and, for a GraphQL
request, its operation (`Service`+`Operation`); a request naming several operations adds one document
per further operation. CloudWatch Logs turns the lines into metrics and keeps the other members as log
fields; with METRICS_PUT_METRIC_DATA=1 the same documents are also sent with PutMetricData
(observability.cloudwatch), so both paths carry identical names and dimensions.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings

from observability.context import current_request_id

logger = logging.getLogger("shop.metrics")

COUNT, MILLISECONDS = "Count", "Milliseconds"
# Units of every metric the shop emits; count_metric names not listed here are counts.
UNITS = {
    "Requests": COUNT, "Latency": MILLISECONDS, "4XXError": COUNT, "5XXError": COUNT,
    "CacheHit": COUNT, "CacheMiss": COUNT, "OrdersPlaced": COUNT, "OutOfStock": COUNT,
    "StorageCalls": COUNT, "StorageLatency": MILLISECONDS,
    # AppSync's real-time metric names (api/realtime/metrics.py).
    "ConnectSuccess": COUNT, "ConnectClientError": COUNT, "SubscribeSuccess": COUNT, "SubscribeClientError": COUNT,
    "PublishDataMessageSuccess": COUNT, "PublishDataMessageClientError": COUNT,
    "PublishDataMessageServerError": COUNT, "ActiveConnections": COUNT, "ActiveSubscriptions": COUNT,
    "ConnectionDuration": MILLISECONDS,
}


@dataclass
class RequestMetrics:
    """Business counters recorded while one request runs (count_metric), emitted with its metrics."""

    counts: Counter = field(default_factory=Counter)


_current: ContextVar[RequestMetrics | None] = ContextVar("request_metrics", default=None)


def namespace() -> str:
    return getattr(settings, "METRICS_NAMESPACE", "Shop")


def service() -> str:
    return getattr(settings, "METRICS_SERVICE", "shop")


def start_request_metrics():
    return _current.set(RequestMetrics())


def current_request_metrics() -> RequestMetrics | None:
    return _current.get()


def end_request_metrics(token) -> None:
    _current.reset(token)


def count_metric(name: str, value: float = 1) -> None:
    """Counts a business event (OrdersPlaced, OutOfStock...) in the current request's metrics.

    Outside a request (a management command) the count is emitted at once on its own line.
    """
    metrics = _current.get()
    if metrics is not None:
        metrics.counts[name] += value
    else:
        emit(emf_document({name: value}, {"Service": service()}, [["Service"]]))


def emf_document(values: dict[str, float], dimensions: dict[str, str], dimension_sets: list[list[str]],
                 properties: dict | None = None) -> dict:
    """One EMF document (CloudWatch "Embedded metric format specification"): metric values and
    dimension values are top-level members, `_aws` says which members are metrics."""
    return {
        "_aws": {
            "Timestamp": int(time.time() * 1000),
            "CloudWatchMetrics": [{
                "Namespace": namespace(),
                "Dimensions": dimension_sets,
                "Metrics": [{"Name": name, "Unit": UNITS.get(name, COUNT)} for name in values],
            }],
        },
        **dimensions,
        **values,
        **(properties or {}),
    }


def request_documents(*, route: str, status: int, latency_ms: float, storage_calls: int, storage_ms: float,
                      cache: str | None, operations: list[str], counts: Counter,
                      properties: dict | None = None) -> list[dict]:
    """The EMF documents for one finished request: the first carries `properties` (the request log's
    fields) and the first operation; each further operation gets a document of its own."""
    outcome = {
        "Requests": 1,
        "Latency": round(latency_ms, 3),
        "4XXError": int(400 <= status < 500),
        "5XXError": int(status >= 500),
    }
    if cache in {"hit", "miss"}:
        outcome["CacheHit" if cache == "hit" else "CacheMiss"] = 1
    identity = {"requestId": current_request_id(), "status": status}
    name = service()
    first, *others = list(dict.fromkeys(operations)) or [None]  # a batch naming one operation twice counts it once
    dimensions, dimension_sets = {"Service": name, "Route": route}, [["Service"], ["Service", "Route"]]
    if first is not None:
        dimensions["Operation"] = first
        dimension_sets.append(["Service", "Operation"])
    documents = [emf_document(
        {**outcome, "StorageCalls": storage_calls, "StorageLatency": round(storage_ms, 3), **counts},
        dimensions, dimension_sets, {**identity, **(properties or {})},
    )]
    for operation in others:
        documents.append(emf_document(
            dict(outcome), {"Service": name, "Operation": operation}, [["Service", "Operation"]], identity,
        ))
    return documents


def emit(document: dict, log: logging.Logger = logger, message: str = "metrics") -> None:
    # The JSON formatter writes `emf` records verbatim: CloudWatch only extracts metrics from lines
    # that are the EMF object itself.
    log.info(message, extra={"emf": document})
    if getattr(settings, "METRICS_PUT_METRIC_DATA", False):
        from observability.cloudwatch import publisher

        publisher().add(document)
