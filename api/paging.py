"""Amplify's `limit`/`nextToken` over the storage seam's pages, with the filter applied after reading.

The token records where reading stopped: the storage page's cursor, how far into that page, and the
page size, all signed (core.pagination), so a forged or garbled token is a ValidationError. One
request examines at most MAX_EXAMINED items; if the filter is selective it returns fewer than
`limit` items with a nextToken to continue, as AppSync does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import graphene

from core.errors import InvalidCursor, ValidationError
from core.pagination import Page, decode_cursor, encode_cursor

T = TypeVar("T")

DEFAULT_LIMIT = 100  # Amplify's default
MAX_LIMIT = 1000
MAX_EXAMINED = 2000
FILTERED_PAGE_SIZE = 100


def list_arguments(filter_type: type) -> dict:
    """Amplify's list arguments, in Amplify's order (graphene orders arguments by creation)."""
    return {"filter": filter_type(), "limit": graphene.Int(), "next_token": graphene.String()}


def clean_limit(limit: object) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(f"limit must be between 1 and {MAX_LIMIT}.", field="limit")
    return limit


def page_size_for(limit: int, filtered: bool) -> int:
    # With a filter most items read may be dropped, so read in bigger pages.
    return min(MAX_LIMIT, max(limit, FILTERED_PAGE_SIZE)) if filtered else limit


def filtered_page(
    fetch: Callable[[str | None, int], Page[T]],
    keep: Callable[[T], bool],
    *,
    scope: str,
    token: str | None,
    limit: int,
    page_size: int,
) -> tuple[list[T], str | None]:
    scope = f"graphql|{scope}"
    cursor, offset, size = _position(decode_cursor(scope, token), page_size)
    found: list[T] = []
    examined = 0
    while True:
        page = fetch(cursor, size)
        for index in range(offset, len(page.items)):
            examined += 1
            if keep(page.items[index]):
                found.append(page.items[index])
            if len(found) >= limit or examined >= MAX_EXAMINED:
                if index + 1 < len(page.items):
                    return found, encode_cursor(scope, {"c": cursor, "o": index + 1, "n": size})
                return found, _next(scope, page, size)
        if not page.next_cursor:
            return found, None
        if len(page.items) < size:
            # Storage stopped early at its own read bound (DynamoDB's filtered reads): hand the
            # continuation to the client rather than reading on, so one request stays bounded.
            return found, _next(scope, page, size)
        cursor, offset = page.next_cursor, 0


def _next(scope: str, page: Page, size: int) -> str | None:
    return encode_cursor(scope, {"c": page.next_cursor, "o": 0, "n": size}) if page.next_cursor else None


def _position(position: dict | None, page_size: int) -> tuple[str | None, int, int]:
    if position is None:
        return None, 0, page_size
    cursor, offset, size = position.get("c"), position.get("o"), position.get("n")
    if not (cursor is None or isinstance(cursor, str)) or not isinstance(offset, int) or not isinstance(size, int):
        raise InvalidCursor()
    if offset < 0 or not 1 <= size <= MAX_LIMIT:
        raise InvalidCursor()
    return cursor, offset, size


def in_memory(items: list[T]) -> Callable[[str | None, int], Page[T]]:
    """For small lists read whole (categories, a cart): the token's offset does the paging."""
    return lambda _cursor, _size: Page(items=items)
