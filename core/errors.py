"""Every error the shop's domain can raise, in one place.

Views turn these into form errors or status pages, GraphQL turns them into AppSync `errorType`s and
commands into a message and a non-zero exit. `code` is the AppSync errorType for each.
"""

from __future__ import annotations

from dataclasses import dataclass


class ShopError(Exception):
    code = "InternalFailure"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(ShopError):
    code = "NotFound"


class ValidationError(ShopError):
    """Input that breaks a rule; `field` names the offending input when there is one."""

    code = "ValidationError"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class InvalidCursor(ValidationError):
    def __init__(self, message: str = "The page token is invalid or has expired; start from the first page."):
        super().__init__(message, field="nextToken")


class InvalidTransition(ValidationError):
    def __init__(self, message: str):
        super().__init__(message, field="status")


@dataclass(frozen=True)
class ShortLine:
    product_id: str
    product_name: str
    requested: int
    available: int


class OutOfStock(ShopError):
    code = "OutOfStock"

    def __init__(self, lines: list[ShortLine]):
        names = ", ".join(f"{line.product_name} (only {line.available} left)" for line in lines)
        super().__init__(f"Not enough stock for: {names}.")
        self.lines = lines


class PriceMismatch(ShopError):
    code = "PriceMismatch"


class Conflict(ShopError):
    """A concurrent change won the race (conditional write failed); the caller may retry."""

    code = "ConflictUnhandled"


class ConditionFailed(ShopError):
    """A write's `condition` (AppSync's condition input) did not hold for the stored item; nothing was written."""

    code = "ConditionalCheckFailedException"

    def __init__(self, message: str = "The conditional request failed."):
        super().__init__(message)


class StorageUnavailable(ShopError):
    """The storage backend cannot be reached, keeps refusing, throttles, times out or fails (5xx).

    Shoppers get a 503 page with Retry-After, GraphQL clients `ServiceUnavailable` with
    `errorInfo.retryAfterSeconds`: worth retrying, never an internal failure.
    """

    code = "ServiceUnavailable"
    retry_after = 5  # seconds; what the 503 page and GraphQL suggest

    def __init__(self, message: str = "The shop is temporarily unavailable. Please try again in a moment."):
        super().__init__(message)


# -- raised by the storage backends ------------------------------------------------------------------
# Backends say what happened with data (which entity, which products, which key) and never word it:
# every sentence a shopper or staff member reads about a lost race is written once, here, so both
# backends say the same thing (tests/contract/test_conflicts.py checks that they do).

STALE_WRITE_MESSAGES = {
    "product": "The product changed while you edited it (stock sold?); reload and try again.",
    "category": "The category changed while you edited it; reload and try again.",
    "order": "The order was changed by someone else; reload it and try again.",
}
STALE_WRITE_FALLBACK = "Someone else changed this first; reload and try again."


class StaleWrite(Conflict):
    """A conditional write found the item changed (or gone) since it was read."""

    def __init__(self, entity: str, entity_id: str):
        super().__init__(STALE_WRITE_MESSAGES.get(entity, STALE_WRITE_FALLBACK))
        self.entity = entity
        self.entity_id = entity_id


class AlreadyExists(ConditionFailed):
    """A create found its id taken (a client-chosen id, or a retry); like AppSync, a failed condition."""

    def __init__(self, entity: str, entity_id: str):
        super().__init__(f"The conditional request failed: a {entity} with the id {entity_id} already exists.")
        self.entity = entity
        self.entity_id = entity_id


class StockShortage(Conflict):
    """A conditional stock decrement failed at commit.

    The checkout service turns it into `OutOfStock` with the lines' names and what is left, which
    only the service knows.
    """

    def __init__(self, product_ids: list[str]):
        super().__init__("Stock changed while the order was being placed.")
        self.product_ids = product_ids


class DuplicateOrder(Conflict):
    """Another request already placed an order with the same idempotency key (the first one wins)."""

    def __init__(self, idempotency_key: str):
        super().__init__("An order with this idempotency key already exists.")
        self.idempotency_key = idempotency_key


class TooManyChanges(Conflict):
    """One commit staged more writes than a transaction holds."""

    def __init__(self, count: int, limit: int):
        super().__init__(f"Too many changes at once ({count}; at most {limit}).")
        self.count = count
        self.limit = limit


class Contention(Conflict):
    """The write kept colliding with concurrent ones and was given up; nothing was written."""

    def __init__(self) -> None:
        super().__init__("Too many people are changing this at once; please try again.")


class WriteRefused(Conflict):
    """The backend refused the transaction for a reason that a retry will not fix; nothing was written."""

    def __init__(self, reasons: list[str]):
        super().__init__("The change could not be saved; please try again.")
        self.reasons = reasons
