"""DynamoDB test support: empty shop tables on the session's moto server, per test.

Each test gets its own table prefix, so no state leaks between tests and nothing else on the
shared moto server (other services' resources) is reset. The tables are deleted afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from storage.dynamodb.client import dynamodb_client
from storage.dynamodb.provisioning import delete_tables, ensure_tables


def fresh_tables(moto_server, settings) -> Iterator[str]:
    """Creates the shop's tables under a unique prefix; yields the prefix; deletes them after."""
    settings.DYNAMODB_TABLE_PREFIX = prefix = f"t{uuid.uuid4().hex[:10]}-"
    # moto creates tables ACTIVE at once and PITR is the command's concern, so neither is awaited here.
    ensure_tables(dynamodb_client(), wait=False, point_in_time_recovery=False)
    try:
        yield prefix
    finally:
        settings.DYNAMODB_TABLE_PREFIX = prefix  # a test may have switched prefixes meanwhile
        delete_tables(wait=False)
