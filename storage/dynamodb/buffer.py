"""The writes one DynamoDB unit of work stages, sent as one transaction when it commits.

The unit of work owns the buffer and flushes it; repositories only add to it. So repositories never
call back into the unit of work, and the order of imports is one way: unit of work -> repositories
-> buffer -> transaction and client.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from storage.dynamodb.client import batch_get
from storage.dynamodb.counters import product_count_update, stock_increment
from storage.dynamodb.tables import PRODUCTS, table_name
from storage.dynamodb.transaction import Action, Kind, execute

TOKEN_LENGTH = 36  # ClientRequestToken's maximum


class WriteBuffer:
    def __init__(self) -> None:
        self._actions: list[Action] | None = None  # None: outside `with uow:`, writing is a mistake
        self._product_counts: Counter[str] = Counter()
        self._restocks: Counter[str] = Counter()
        self._token: str | None = None

    def open(self) -> None:
        self._actions = []
        self._product_counts.clear()
        self._restocks.clear()
        self._token = None

    def close(self) -> None:
        """Drops whatever was staged: nothing was sent unless flush() ran, so this is the rollback."""
        self._actions = None

    # -- staging, by the repositories ------------------------------------------------------------------

    def stage(self, entity: str, subject: str, request: dict, kind: Kind = Kind.UNCHANGED) -> None:
        if self._actions is None:
            raise RuntimeError("Storage writes must be made inside `with uow:` and committed.")
        self._actions.append(Action(entity, subject, request, kind))

    def count_products(self, category_id: str, delta: int) -> None:
        """Adjusts a category's active-product counter in the same transaction (summed per category)."""
        self._product_counts[category_id] += delta

    def restore_stock(self, product_id: str, quantity: int) -> None:
        self._restocks[product_id] += quantity

    def use_request_token(self, idempotency_key: str) -> None:
        """Makes a network-level retry of this very transaction a no-op on DynamoDB's side."""
        self._token = hashlib.sha256(idempotency_key.encode()).hexdigest()[:TOKEN_LENGTH]

    # -- flushing, by the unit of work ------------------------------------------------------------------

    def flush(self) -> None:
        """Sends everything staged as one transaction, then starts empty (a second commit in the same
        block sends only what was staged after the first)."""
        actions = [*(self._actions or []), *self._counter_actions(), *self._restock_actions()]
        if actions:
            execute(actions, token=self._token)
        self.open()

    def _counter_actions(self) -> list[Action]:
        return [Action("category", category_id, {"Update": product_count_update(category_id, delta)})
                for category_id, delta in self._product_counts.items() if delta]

    def _restock_actions(self) -> list[Action]:
        """Stock comes back only for products that still exist (one batch read to find them).

        The update's attribute_exists condition catches a delete that races this commit: the
        transaction is refused as a StaleWrite rather than re-creating a stub product.
        """
        if not self._restocks:
            return []
        existing = {item["id"] for item in batch_get(table_name(PRODUCTS), [{"id": pid} for pid in self._restocks])}
        return [Action("product", product_id, {"Update": stock_increment(product_id, quantity)})
                for product_id, quantity in self._restocks.items() if product_id in existing]
