"""A lock held by one process at a time, across every instance that shares Django's database.

Two instances starting at once both run `migrate` and `seed_shop --if-empty`; without a lock both
would apply the same migration, or both find the shop empty and seed it (double-counting the
DynamoDB category counters). On PostgreSQL the lock is a session advisory lock, so it spans
machines; on SQLite (one machine) a file lock beside the database file.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections


@contextmanager
def exclusive(name: str, *, using: str = "default") -> Iterator[None]:
    connection = connections[using]
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256(f"shop:{name}".encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    path = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor != "sqlite" or not os.path.isabs(path):  # in-memory test databases need none
        yield
        return
    with open(f"{path}.{name}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
