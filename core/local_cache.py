"""A small in-process cache in front of the shared one, for values whose key already says when they
go stale (a catalog version in the key): a hit costs a dict lookup instead of a read from Redis or disk."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class LocalCache:
    """The `size` most recently used entries, each for at most its `seconds` (an LRU, safe across threads)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> object | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] <= time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def set(self, key: str, value: object, seconds: float) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + seconds, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def read_through(self, key: str, shared_get: Callable[[str], object | None],
                     expires_at: Callable[[object], float]) -> object | None:
        """The value from this table, else from the shared cache (`shared_get`), then kept here until
        `expires_at(value)` (a time.time()); None when neither has it, or the shared one's is past that."""
        value = self.get(key)
        if value is None:
            value = shared_get(key)
            remaining = expires_at(value) - time.time() if value is not None else 0
            if remaining <= 0:
                return None
            self.set(key, value, remaining)
        return value

    def delete(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
