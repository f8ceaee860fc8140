"""Counts storage calls (DynamoDB API calls, SQL queries) while a block runs.

The request log (one line per request) and the call-budget tests both read these counts, so
"checkout costs two DynamoDB calls" is measured the same way in tests and in production.
The DynamoDB backend reports each call with `record_storage_call`; SQL queries are reported by
`count_sql_queries`, which shop/apps.py puts on every database connection Django opens.
"""

from __future__ import annotations

import time
from collections import Counter
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class StorageCalls:
    count: int = 0
    milliseconds: float = 0.0
    by_operation: Counter = field(default_factory=Counter)


_active: ContextVar[tuple[StorageCalls, ...]] = ContextVar("storage_calls", default=())


class track_storage_calls:
    """Nested blocks each see the calls made inside them. (A class, not @contextmanager: every request
    enters one, and a generator costs several times as much.)"""

    def __enter__(self) -> StorageCalls:
        self.calls = StorageCalls()
        self._token = _active.set((*_active.get(), self.calls))
        return self.calls

    def __exit__(self, *exc_info: object) -> None:
        _active.reset(self._token)


def record_storage_call(operation: str, milliseconds: float = 0.0) -> None:
    for calls in _active.get():
        calls.count += 1
        calls.milliseconds += milliseconds
        calls.by_operation[operation] += 1


def count_sql_queries(sender: object, connection, **kwargs: object) -> None:
    """Receiver of `connection_created`: each query the connection runs is a storage call of the blocks
    around it. Installed once per connection rather than around each request."""
    connection.execute_wrappers.append(_count_sql)


def _count_sql(execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        record_storage_call("sql", (time.perf_counter() - started) * 1000)
