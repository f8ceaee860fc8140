"""Product search on SQL: a page of the products having every search word, in a listing's order.

Each product's words (catalog.search) are in catalog_product.search_words, written with the product.
An index finds the products holding given words: FTS5 on SQLite (catalog_product_search_fts, kept in
step by triggers on catalog_product), GIN over the word array on PostgreSQL (migration catalog 0004).

A page is read one of three ways, chosen by how many products hold the words (counted through the
index up to RARE_MATCHES, one cheap query):
- none: an empty page, at once;
- a few (a rare word): the matches are joined to their products through the index and sorted, so the
  cost follows the matches, whatever the size of the catalog;
- many (a common word): the listing is read in its own order, as without a search, keeping the rows
  whose words match (`LIKE '% word %'` on the word list), until the page is full. Matches are then
  dense, so that is short; but the read stops at the SCAN_BOUND-th row, and if the matches cluster
  further down (a word every "Vintage …" name has, sorted by name) the matches are sorted as for a
  few instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import FullResultSet
from django.db import connection
from django.db.models import Q, QuerySet

from catalog.domain import Product
from catalog.models import ProductRecord
from catalog.search import padded
from core.pagination import Page
from storage.sql.keyset import Position, after, cursor_at, ordering, position_of, up_to

RARE_MATCHES = 1000
SCAN_BOUND = 2000
PRODUCTS, DOCUMENTS, FTS = "catalog_product", "catalog_product_search", "catalog_product_search_fts"


def search_page(records: QuerySet, *, words: tuple[str, ...], scope: str, cursor: str | None, limit: int,
                column: str, descending: bool, parse: Callable[[Any], Any]) -> Page[Product]:
    """`records`: the listing's products with every filter but the search (ProductRecord rows)."""
    position = position_of(scope, cursor, parse)
    if not words:
        return Page(items=[])
    found = _count_matches(words, RARE_MATCHES + 1)
    if not found:
        return Page(items=[])
    listing = Listing(records, scope=scope, limit=limit, column=column, descending=descending)
    if found <= RARE_MATCHES:
        return listing.sorted_matches(words, position)
    return listing.scan(words, position) or listing.sorted_matches(words, position)


def _matches(words: tuple[str, ...]) -> tuple[str, str, list]:
    """FROM and WHERE selecting the catalog_product rows that hold every word, and their parameters."""
    if connection.vendor == "sqlite":
        # The index drives: CROSS JOIN keeps SQLite from walking a listing's index instead (it would,
        # to spare a sort, and read the whole catalog for a rare word).
        return (f"{FTS} CROSS JOIN {DOCUMENTS} CROSS JOIN {PRODUCTS}",
                f"{FTS} MATCH %s AND {DOCUMENTS}.id = {FTS}.rowid AND {PRODUCTS}.id = {DOCUMENTS}.product_id",
                [_fts_query(words)])
    if connection.vendor == "postgresql":
        return PRODUCTS, f"string_to_array({PRODUCTS}.search_words, ' ') @> %s::text[]", [list(words)]
    # Any other database: the same rule, without an index.
    return (PRODUCTS, " AND ".join([f"{PRODUCTS}.search_words LIKE %s"] * len(words)),
            [f"%{padded(word)}%" for word in words])


def _count_matches(words: tuple[str, ...], at_most: int) -> int:
    if connection.vendor == "sqlite":  # the index alone answers
        sql, params = f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [_fts_query(words)]  # noqa: S608 - names
    else:
        tables, condition, params = _matches(words)
        sql = f"SELECT 1 FROM {tables} WHERE {condition}"  # noqa: S608 - our names; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql} LIMIT %s) found", [*params, at_most])  # noqa: S608 - as above
        return cursor.fetchone()[0]


def _fts_query(words: tuple[str, ...]) -> str:
    # Each word quoted: FTS5 reads it as a word, never as an operator (AND, NOT, NEAR) or a column name.
    return " ".join(f'"{word}"' for word in words)


class Listing:
    """One page of one listing's products, read in (column, id) order after a position."""

    def __init__(self, records: QuerySet, *, scope: str, limit: int, column: str, descending: bool) -> None:
        self.records, self.scope, self.limit = records, scope, limit
        self.column, self.descending = column, descending

    def sorted_matches(self, words: tuple[str, ...], position: Position | None) -> Page[Product]:
        """Through the index: the matching products, the listing's filters, its order and limit."""
        tables, condition, params = _matches(words)
        where, where_params = self._where(position)
        columns = ", ".join(f"{PRODUCTS}.{field.column}" for field in ProductRecord._meta.concrete_fields)
        direction = "DESC" if self.descending else "ASC"
        order = f"{PRODUCTS}.{self.column} {direction}, {PRODUCTS}.id {direction}"
        sql = (f"SELECT {columns} FROM {tables} WHERE {condition}"  # noqa: S608 - our names; values are parameters
               f"{f' AND {where}' if where else ''} ORDER BY {order} LIMIT %s")
        return self._page(list(ProductRecord.objects.raw(sql, [*params, *where_params, self.limit + 1])))

    def scan(self, words: tuple[str, ...], position: Position | None) -> Page[Product] | None:
        """Along the listing's own index, as far as the SCAN_BOUND-th row at most (a bound SQLite reads the
        index with), keeping the rows whose words match; None if that gave no full page."""
        listing = self.records.filter(after(position, column=self.column, descending=self.descending)).order_by(
            *ordering(self.column, self.descending))
        fence = listing.values_list(self.column, "id")[SCAN_BOUND - 1: SCAN_BOUND].first()
        matching = listing.filter(*[Q(search_words__contains=padded(word)) for word in words])
        if fence is not None:
            matching = matching.filter(up_to(fence, column=self.column, descending=self.descending))
        rows = list(matching[: self.limit + 1])
        return self._page(rows) if len(rows) > self.limit or fence is None else None

    def _where(self, position: Position | None) -> tuple[str, list]:
        """The listing's filters and the keyset condition, as the ORM writes them for catalog_product."""
        query = self.records.filter(after(position, column=self.column, descending=self.descending)).query
        try:
            sql, params = query.get_compiler(connection=connection).compile(query.where)
        except FullResultSet:  # nothing to filter on (staff listing every product)
            return "", []
        return sql, list(params)

    def _page(self, rows: list[ProductRecord]) -> Page[Product]:
        next_cursor = None
        if len(rows) > self.limit:
            last = rows[self.limit - 1]
            next_cursor = cursor_at(self.scope, getattr(last, self.column), last.id)
        return Page(items=[row.to_domain() for row in rows[: self.limit]], next_cursor=next_cursor)
