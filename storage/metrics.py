"""Counts storage calls (DynamoDB API calls, SQL queries) while a block runs.

The request log (one line per request) and the call-budget tests both read these counts, so
"checkout costs two DynamoDB calls" is measured the same way in tests and in production.
Backends report each call with `record_storage_call`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class StorageCalls:
    count: int = 0
    milliseconds: float = 0.0
    by_operation: Counter = field(default_factory=Counter)


_active: ContextVar[tuple[StorageCalls, ...]] = ContextVar("storage_calls", default=())


@contextmanager
def track_storage_calls() -> Iterator[StorageCalls]:
    """Nested blocks each see the calls made inside them."""
    calls = StorageCalls()
    token = _active.set((*_active.get(), calls))
    try:
        yield calls
    finally:
        _active.reset(token)


def record_storage_call(operation: str, milliseconds: float = 0.0) -> None:
    for calls in _active.get():
        calls.count += 1
        calls.milliseconds += milliseconds
        calls.by_operation[operation] += 1
