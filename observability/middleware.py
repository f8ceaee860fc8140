"""One JSON log line per request, which is also its EMF metrics, and the X-Request-ID round trip.

Installed first in MIDDLEWARE so it times everything, sees every response (errors included) and
binds the request id before any other code logs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

from observability import metrics
from observability.context import (
    REQUEST_ID_HEADER,
    REQUEST_ID_META,
    accept_request_id,
    bind_request_id,
    unbind_request_id,
)
from storage.metrics import track_storage_calls

logger = logging.getLogger("shop.requests")
UNMATCHED_ROUTE = "unmatched"  # 404s: one value, not one per path a scanner tries


class RequestObservabilityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # From META: request.headers copies every header on first use, and a cached page needs no other.
        request_id = accept_request_id(request.META.get(REQUEST_ID_META))
        request.request_id = request_id
        id_token = bind_request_id(request_id)
        metrics_token = metrics.start_request_metrics()
        started = time.perf_counter()
        try:
            with track_storage_calls() as calls:  # SQL queries included (storage.metrics)
                response = self.get_response(request)
            latency_ms = (time.perf_counter() - started) * 1000
            response[REQUEST_ID_HEADER] = request_id
            self._report(request, response, latency_ms, calls)
            return response
        finally:
            metrics.end_request_metrics(metrics_token)
            unbind_request_id(id_token)

    def _report(self, request: HttpRequest, response: HttpResponse, latency_ms: float, calls) -> None:
        match = getattr(request, "resolver_match", None)
        # A response from a cache in front of the URL resolver names its route itself.
        route = (match.view_name if match else None) or getattr(request, "route_name", None) or UNMATCHED_ROUTE
        operations = list(getattr(request, "graphql_operations", None) or [])
        error_types = list(getattr(request, "graphql_error_types", None) or [])
        cache = getattr(request, "graphql_cache", None) or getattr(request, "page_cache", None)
        # The path only: query strings can carry tokens, emails or search terms.
        fields = {
            "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": logger.name,
            "message": "request",
            "method": request.method,
            "path": request.path,
            "route": route,
            "status": response.status_code,
            "latencyMs": round(latency_ms, 3),
            "user": _user(request),
            "graphqlOperations": operations,
            "graphqlErrorTypes": error_types,
            "cache": cache,
            "storageCalls": calls.count,
            "storageMs": round(calls.milliseconds, 3),
        }
        request_metrics = metrics.current_request_metrics()
        for document in metrics.request_documents(
            route=route, status=response.status_code, latency_ms=latency_ms, storage_calls=calls.count,
            storage_ms=calls.milliseconds, cache=cache, operations=operations,
            counts=request_metrics.counts if request_metrics else {}, properties=fields,
        ):
            metrics.emit(document, logger, "request")


def _user(request: HttpRequest) -> str:
    """The user's database id (operators look users up by it), or "anonymous"."""
    user = getattr(request, "user", None)  # absent when the request failed before authentication
    if user is None or not user.is_authenticated:
        # GraphQL bearer-token callers are authenticated by the GraphQL view, not the session.
        user = getattr(getattr(request, "graphql_caller", None), "user", None)
    return str(user.pk) if user is not None and user.is_authenticated else "anonymous"
