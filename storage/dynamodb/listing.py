"""Keyset pages over a sorted index, shared by product and order listings.

The cursor holds the sort key of the last item returned (sort keys end in the item id, so they are
unique): the next page is a Query with `sort < key` (or `>`), wherever the previous read stopped.
That lets a read over-fetch and still hand back exactly `limit` items with an exact cursor.
Filters DynamoDB applies after reading (active, in stock, featured) keep the loop reading
until the page is full, the index ends, or MAX_SCANNED items were read for this request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from core.errors import InvalidCursor
from core.pagination import decode_cursor, encode_cursor
from storage.dynamodb.client import call, deserialize, serialize

MAX_READ = 1000  # Query Limit ceiling for one follow-up read


@dataclass
class IndexQuery:
    table: str
    index: str
    partition_attribute: str
    partition_value: str
    sort_attribute: str
    descending: bool
    filter_expression: str = ""
    names: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def filtered(self) -> bool:
        return bool(self.filter_expression)


def resume_key(scope: str, cursor: str | None) -> str | None:
    """The sort key to resume after, from a signed cursor; anything else is InvalidCursor."""
    position = decode_cursor(scope, cursor)
    if position is None:
        return None
    key = position.get("k")
    if not isinstance(key, str) or not key:
        raise InvalidCursor()
    return key


def read_page(query: IndexQuery, *, scope: str, cursor: str | None, limit: int,
              first_read: int) -> tuple[list[dict], str | None]:
    """Up to `limit` items in index order and the cursor of the next page (None at the end)."""
    after = resume_key(scope, cursor)
    names = {"#p": query.partition_attribute, **query.names}
    values = {":p": query.partition_value, **query.values}
    condition = "#p = :p"
    if after is not None:
        condition += " AND #s < :after" if query.descending else " AND #s > :after"
        values[":after"] = after
        names["#s"] = query.sort_attribute
    params: dict[str, Any] = {
        "TableName": query.table, "IndexName": query.index, "KeyConditionExpression": condition,
        "ExpressionAttributeNames": names, "ExpressionAttributeValues": serialize(values),
        "ScanIndexForward": not query.descending,
    }
    if query.filter_expression:
        params["FilterExpression"] = query.filter_expression
    matched: list[dict] = []
    scanned, read = 0, max(1, first_read)
    while True:
        response = call("query", Limit=read, **params)
        scanned += response.get("ScannedCount", 0)
        matched += [deserialize(item) for item in response.get("Items", [])]
        if len(matched) > limit:  # one more than the page proves a next page exists
            page = matched[:limit]
            return page, encode_cursor(scope, {"k": page[-1][query.sort_attribute]})
        last = response.get("LastEvaluatedKey")
        if last is None:
            return matched, None
        if scanned >= settings.DYNAMODB_MAX_SCANNED_PER_PAGE:
            # The bound keeps a rare search cheap: a shorter page whose cursor resumes after the last read.
            return matched, encode_cursor(scope, {"k": deserialize(last)[query.sort_attribute]})
        params["ExclusiveStartKey"] = last
        read = min(MAX_READ, max(2 * read, limit + 1 - len(matched)))

