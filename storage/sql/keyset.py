"""Keyset pagination over a queryset, for every SQL listing (products, orders).

A page token holds the last row's sort value and id (signed, see core.pagination); the next page
is `WHERE (column, id) </> (value, last id)`, so page 500 costs what page 1 costs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from core.errors import InvalidCursor
from core.pagination import Page, decode_cursor, encode_cursor

T = TypeVar("T")


def keyset_page(
    records: QuerySet, *, scope: str, cursor: str | None, limit: int, column: str, descending: bool,
    parse: Callable[[Any], Any], to_domain: Callable[[list[Model]], list[T]],
) -> Page[T]:
    """`limit` rows in (column, id) order after the cursor's position; `parse` reads a value back from
    a token, `to_domain` turns the page's rows into domain objects (all at once, so it may batch)."""
    position = decode_cursor(scope, cursor)
    if position is not None:
        try:
            value, last_id = parse(position["v"]), str(position["id"])
        except (KeyError, ValueError, TypeError, ArithmeticError):
            raise InvalidCursor() from None
        op = "lt" if descending else "gt"
        # The leading `column >= value` (or <=) is what lets SQLite seek in the index; the OR then
        # only breaks ties within that one value.
        records = records.filter(
            Q(**{f"{column}__{op}e": value}),
            Q(**{f"{column}__{op}": value}) | Q(**{f"id__{op}": last_id}),
        )
    prefix = "-" if descending else ""
    rows = list(records.order_by(f"{prefix}{column}", f"{prefix}id")[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        value = getattr(last, column)
        next_cursor = encode_cursor(scope, {"v": value.isoformat() if hasattr(value, "isoformat") else str(value),
                                            "id": last.id})
    return Page(items=to_domain(rows[:limit]), next_cursor=next_cursor)
