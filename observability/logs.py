"""JSON log lines for stdout: one object per line, with the request id of the request being served.

Only named fields are written, never the record's whole `__dict__`: Django attaches the request to
some records (django.request), and its POST data or headers must not reach the log.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from observability.context import current_request_id


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        emf = getattr(record, "emf", None)
        if emf is not None:
            return json.dumps(emf, separators=(",", ":"), default=str)
        entry = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            # django.request logs 4XX responses after the middleware has returned: its record carries the request.
            "requestId": current_request_id() or getattr(getattr(record, "request", None), "request_id", None),
        }
        entry.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str)
