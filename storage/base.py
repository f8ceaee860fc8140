"""The storage seam: repositories and a unit of work, implemented once per backend.

Everything above this file (services, selectors, views, admin, GraphQL, commands) talks to these
interfaces only; `storage.unit_of_work()` picks the backend named by `SHOP_STORAGE`.

Rules every backend keeps (the contract suite in tests/contract checks them):
- Reads may be made at any time; writes are made inside `with uow:` and take effect on `commit()`.
  Leaving the block without commit writes nothing.
- `commit()` is atomic: conditional stock decrements, the order, its idempotency key and the cart
  deletions all land or none do. A failed decrement raises `StockShortage`, a taken idempotency key
  `DuplicateOrder`, an item changed since it was read (a lost status race, a product edited
  meanwhile) `StaleWrite`. Backends raise these with data only; core.errors words them.
- Listings page with opaque tokens from `core.pagination`; a bad token raises `InvalidCursor`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from cart.domain import CartItem
from catalog.domain import Category, Product, ProductQuery
from core.pagination import Page
from orders.domain import Order, OrderQuery, OrderStatus


class CategoryRepository(ABC):
    @abstractmethod
    def get(self, category_id: str) -> Category | None: ...

    @abstractmethod
    def get_by_slug(self, slug: str) -> Category | None: ...

    @abstractmethod
    def list(self) -> list[Category]:
        """All categories by name, each with `product_count` of its active products."""

    @abstractmethod
    def add(self, category: Category) -> None:
        """A taken id raises AlreadyExists (at once or at commit)."""

    @abstractmethod
    def update(self, category: Category, *, previous: Category) -> None:
        """Replaces `previous` as the caller read it; if it changed or went meanwhile, StaleWrite."""

    @abstractmethod
    def delete(self, category: Category) -> None:
        """Deletes the category as the caller read it; if it changed meanwhile, StaleWrite."""


class ProductRepository(ABC):
    @abstractmethod
    def get(self, product_id: str) -> Product | None: ...

    @abstractmethod
    def get_by_slug(self, slug: str) -> Product | None: ...

    @abstractmethod
    def get_many(self, product_ids: Iterable[str]) -> dict[str, Product]:
        """One batch read; ids that do not exist are simply absent from the result."""

    @abstractmethod
    def list(self, query: ProductQuery, *, cursor: str | None, limit: int) -> Page[Product]:
        """Keyset pagination in `query.sort` order: every page costs the same, wherever it starts."""

    @abstractmethod
    def add(self, product: Product) -> None:
        """A taken id raises AlreadyExists (at once or at commit)."""

    @abstractmethod
    def update(self, product: Product, *, previous: Product) -> None:
        """Replaces `previous` (as the caller read it) with `product`.

        Optimistic: if the stored item is no longer `previous` (its stock, updated_at, category or
        active flag differ: a checkout sold units meanwhile, say), nothing is written and StaleWrite is
        raised, so a staff edit never overwrites a sale and a condition checked on `previous` holds.
        """

    @abstractmethod
    def delete(self, product: Product) -> None:
        """Deletes the product as the caller read it; if it changed meanwhile, StaleWrite."""

    @abstractmethod
    def add_many(self, products: list[Product]) -> None:
        """Bulk insert for seeding; written at once in batches, outside any unit of work."""

    @abstractmethod
    def reindex_search(self, progress: Callable[[int], None]) -> int:
        """Writes every product's search words again, from its name and description (catalog.search), and
        drops the index's entries no product has: after an upgrade brought search to an existing catalog,
        or after the rule changed. Returns how many products; `progress` hears of each batch.

        Meant for a quiet catalog: an edit made meanwhile may be indexed as it was before it.
        """

    @abstractmethod
    def decrement_stock(self, product_id: str, quantity: int) -> None:
        """Conditional: only if stock >= quantity, else commit raises StockShortage."""

    @abstractmethod
    def increment_stock(self, product_id: str, quantity: int) -> None:
        """Restores stock (a cancelled order); a product deleted since is skipped."""

    @abstractmethod
    def exists_in_category(self, category_id: str) -> bool: ...


class CartRepository(ABC):
    @abstractmethod
    def list(self, owner: str) -> list[CartItem]:
        """The owner's items, oldest first."""

    @abstractmethod
    def get(self, owner: str, product_id: str) -> CartItem | None: ...

    @abstractmethod
    def save(self, item: CartItem, *, previous: CartItem | None = None) -> None:
        """Insert or replace the owner's line for that product; with `previous` (the line as the caller
        read it), only if it is unchanged, else StaleWrite."""

    @abstractmethod
    def delete(self, item: CartItem) -> None:
        """Deletes the line as the caller read it; if it changed meanwhile, StaleWrite."""

    @abstractmethod
    def delete_many(self, owner: str, product_ids: Iterable[str]) -> None: ...


class OrderRepository(ABC):
    @abstractmethod
    def get(self, order_id: str) -> Order | None: ...

    @abstractmethod
    def get_by_idempotency_key(self, key: str) -> Order | None: ...

    @abstractmethod
    def get_by_number(self, number: str) -> Order | None:
        """The order with this normalized number (SH-ABCDE-FGHIJ), for staff search."""

    @abstractmethod
    def list(self, query: OrderQuery, *, cursor: str | None, limit: int) -> Page[Order]:
        """Newest (or oldest) first: one user's orders, one customer email's, or all orders,
        optionally of one status (staff)."""

    @abstractmethod
    def add(self, order: Order) -> None:
        """Also claims `order.idempotency_key`; a taken key makes commit raise DuplicateOrder, a taken id
        AlreadyExists."""

    @abstractmethod
    def update_status(
        self, order_id: str, *, expected: OrderStatus, new: OrderStatus, updated_at: datetime
    ) -> None:
        """Conditional on the current status still being `expected`, else commit raises StaleWrite."""


class UnitOfWork(ABC):
    categories: CategoryRepository
    products: ProductRepository
    carts: CartRepository
    orders: OrderRepository

    def __enter__(self) -> UnitOfWork:
        self._committed = False
        self._callbacks: list[Callable[[], None]] = []
        self._begin()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        done = self._committed and exc_type is None
        self._end(commit_done=done)
        if done:
            self._after_commit(self._callbacks)

    def commit(self) -> None:
        self._commit()
        self._committed = True

    def on_commit(self, callback: Callable[[], None]) -> None:
        """Runs `callback` once this block's writes are durable; never if they are rolled back or refused."""
        self._callbacks.append(callback)

    def _after_commit(self, callbacks: list[Callable[[], None]]) -> None:
        """By default the writes are durable when the block ends (DynamoDB's transaction has landed)."""
        for callback in callbacks:
            callback()

    @abstractmethod
    def _begin(self) -> None: ...

    @abstractmethod
    def _commit(self) -> None: ...

    @abstractmethod
    def _end(self, *, commit_done: bool) -> None:
        """Close the block; roll back unless commit succeeded."""

    @abstractmethod
    def delete_all(self) -> None:
        """Remove every category, product, cart item and order (seed --reset)."""

    @abstractmethod
    def ping(self) -> None:
        """Cheap round trip proving the backend answers (readiness checks); raises if not."""


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
