"""Keyset pagination over a queryset, for every SQL listing (products, orders, product search).

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
Position = tuple[Any, str]  # the last row's sort value and id


def position_of(scope: str, cursor: str | None, parse: Callable[[Any], Any]) -> Position | None:
    """Where a page token says to resume; `parse` reads the value back (None: the first page)."""
    position = decode_cursor(scope, cursor)
    if position is None:
        return None
    try:
        return parse(position["v"]), str(position["id"])
    except (KeyError, ValueError, TypeError, ArithmeticError):
        raise InvalidCursor() from None


def after(position: Position | None, *, column: str, descending: bool) -> Q:
    """The rows that come after `position` in (column, id) order."""
    if position is None:
        return Q()
    value, last_id = position
    op = "lt" if descending else "gt"
    # The leading `column >= value` (or <=) is what lets SQLite seek in the index; the OR then
    # only breaks ties within that one value.
    return Q(**{f"{column}__{op}e": value}) & (Q(**{f"{column}__{op}": value}) | Q(**{f"id__{op}": last_id}))


def up_to(position: Position, *, column: str, descending: bool) -> Q:
    """The rows that come before `position` in (column, id) order, and the row at it: like `after`, a range
    SQLite can bound an index read with."""
    value, last_id = position
    op = "gt" if descending else "lt"
    return Q(**{f"{column}__{op}e": value}) & (Q(**{f"{column}__{op}": value}) | Q(**{f"id__{op}e": last_id}))


def ordering(column: str, descending: bool) -> list[str]:
    prefix = "-" if descending else ""
    return [f"{prefix}{column}", f"{prefix}id"]


def cursor_at(scope: str, value: Any, row_id: str) -> str:
    """The page token resuming after the row with this sort value and id."""
    return encode_cursor(scope, {"v": value.isoformat() if hasattr(value, "isoformat") else str(value), "id": row_id})


def keyset_page(
    records: QuerySet, *, scope: str, cursor: str | None, limit: int, column: str, descending: bool,
    parse: Callable[[Any], Any], to_domain: Callable[[list[Model]], list[T]],
) -> Page[T]:
    """`limit` rows in (column, id) order after the cursor's position; `parse` reads a value back from
    a token, `to_domain` turns the page's rows into domain objects (all at once, so it may batch)."""
    position = position_of(scope, cursor, parse)
    records = records.filter(after(position, column=column, descending=descending))
    rows = list(records.order_by(*ordering(column, descending))[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_cursor = cursor_at(scope, getattr(last, column), last.id)
    return Page(items=to_domain(rows[:limit]), next_cursor=next_cursor)
