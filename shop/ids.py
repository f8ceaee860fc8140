"""Identifiers are generated above the storage seam so both backends store the same ids."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    # Microseconds are dropped so a timestamp survives a round trip through either backend
    # (and an ISO string in a cursor) unchanged.
    return datetime.now(UTC).replace(microsecond=0)
