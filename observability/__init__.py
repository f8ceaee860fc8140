"""Monitoring: request ids, one JSON log line per request, CloudWatch metrics (EMF), health checks.

Other code needs only `count_metric("OrdersPlaced")` and `current_request_id()`.
"""

from observability.context import current_request_id
from observability.metrics import count_metric

__all__ = ["count_metric", "current_request_id"]
