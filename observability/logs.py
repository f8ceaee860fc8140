"""JSON log lines for stdout: one object per line, with the request id of the request being served.

Only named fields are written, never the record's whole `__dict__`: Django attaches the request to
some records (django.request), and its POST data or headers must not reach the log.

Written with orjson: every request writes a line, and the standard library's encoder took about 6 % of a
cached page's CPU (`make bench`); what orjson refuses (an integer past 64 bits) the standard library writes.
"""

from __future__ import annotations

import json
import logging
import os
import select
from datetime import UTC, datetime

import orjson

from observability.context import current_request_id


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        emf = getattr(record, "emf", None)
        if emf is not None:
            return _json(emf)
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
        return _json(entry)


def _json(value: dict) -> str:
    try:
        return orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value, separators=(",", ":"), default=str)


class LineHandler(logging.StreamHandler):
    """StreamHandler's output, each line written with one write(2) to the stream's file and without the
    handler's lock.

    Every request writes a line, from whichever thread served it. Under the lock, a thread that found
    another one writing went to sleep and had to be woken, which cost more than the line itself. One
    write of at most PIPE_BUF bytes is never interleaved with another (POSIX); longer lines (tracebacks)
    and streams with no file (tests' StringIO) are written under the lock, as StreamHandler writes them.
    """

    def handle(self, record: logging.LogRecord) -> bool:
        if not self.filter(record):
            return False
        self.emit(record)  # which takes the lock itself when it must
        return True

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record) + self.terminator
            data = text.encode(getattr(self.stream, "encoding", None) or "utf-8", "backslashreplace")
            fileno = _fileno(self.stream)
            if fileno is not None and len(data) <= select.PIPE_BUF:
                os.write(fileno, data)
                return
            with self.lock:
                self.stream.write(text)
                self.flush()
        except RecursionError:  # as logging.StreamHandler: the interpreter is in trouble, say so
            raise
        except Exception:
            self.handleError(record)


def _fileno(stream: object) -> int | None:
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):  # io.StringIO raises UnsupportedOperation (an OSError)
        return None
