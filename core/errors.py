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


class StorageUnavailable(ShopError):
    """The storage backend cannot be reached or keeps refusing; shoppers get a 503."""

    code = "ServiceUnavailable"

    def __init__(self, message: str = "The shop is temporarily unavailable. Please try again in a moment."):
        super().__init__(message)


class StockShortage(Conflict):
    """Raised by a unit of work's commit when a conditional stock decrement fails.

    Internal to the seam: the checkout service turns it into `OutOfStock` with the lines' names and
    what is left, which only the service knows how to word.
    """

    def __init__(self, product_ids: list[str]):
        super().__init__("Stock changed while the order was being placed.")
        self.product_ids = product_ids


class DuplicateOrder(Conflict):
    """Raised by commit when another request already placed an order with the same idempotency key."""

    def __init__(self, idempotency_key: str):
        super().__init__("An order with this idempotency key already exists.")
        self.idempotency_key = idempotency_key
