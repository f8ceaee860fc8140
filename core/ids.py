"""Identifiers and timestamps are made above the storage seam so both backends store the same values."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

from core.errors import ValidationError

# Ours are 32 hex digits; a client may choose a UUID in its usual 36-character form.
ID_MAX_LENGTH = 36
_CLIENT_ID = re.compile(r"^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")


def new_id() -> str:
    return uuid.uuid4().hex


def clean_client_id(value: object, field: str = "id") -> str:
    """An id a client chose for a new item (Amplify lets clients do so): a lowercase UUID, with or without
    hyphens, as crypto.randomUUID() makes. Whether it is free is the storage write's to check."""
    if not isinstance(value, str) or not _CLIENT_ID.match(value):
        raise ValidationError("id must be a lowercase UUID such as 1b4e28ba-2fa1-11d2-883f-0016d3cca427.", field=field)
    return value


def utcnow() -> datetime:
    return datetime.now(UTC)
