"""One TransactWriteItems per commit, and its cancellation reasons mapped back to typed errors.

The errors carry data (which products ran short, which key was taken, which item changed); their
wording lives in core.errors, the same for both backends.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum

from botocore.exceptions import ClientError

from core.aws import error_code
from core.errors import (
    AlreadyExists,
    Contention,
    DuplicateOrder,
    StaleWrite,
    StockShortage,
    StorageUnavailable,
    TooManyChanges,
    WriteRefused,
)
from storage.dynamodb.client import backoff, call

logger = logging.getLogger(__name__)

MAX_ACTIONS = 100  # DynamoDB's limit per transaction
# Cancellations that wrote nothing and are worth another try (a concurrent transaction or throttling).
RETRYABLE_REASONS = frozenset({"TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"})
ATTEMPTS = 8


class Kind(Enum):
    """What a failed condition on an action means to the caller."""

    STOCK = "stock"  # stock >= quantity
    IDEMPOTENCY = "idempotency"  # the order's idempotency key is still free
    NEW = "new"  # the id of a created item is still free
    UNCHANGED = "unchanged"  # anything else: the item is still as it was read


@dataclass(frozen=True)
class Action:
    entity: str  # "product", "category", "order", "cart": what a lost race is reported about
    subject: str  # product id, idempotency key, order id...
    request: dict  # one TransactItems entry: {"Put": {...}}, {"Update": {...}}, ...
    kind: Kind = Kind.UNCHANGED


def execute(actions: list[Action], *, token: str | None = None) -> None:
    """Sends the actions as one transaction; all land or none do."""
    if len(actions) > MAX_ACTIONS:
        raise TooManyChanges(len(actions), MAX_ACTIONS)
    throttled = False
    for attempt in range(ATTEMPTS):
        params: dict = {"TransactItems": [action.request for action in actions]}
        if token:
            params["ClientRequestToken"] = token
        try:
            call("transact_write_items", **params)
            return
        except ClientError as error:
            code = error_code(error)
            if code == "TransactionCanceledException":
                reasons = [r.get("Code", "None") for r in error.response.get("CancellationReasons", [])]
                _raise_for_failed_conditions(actions, reasons)
                if not RETRYABLE_REASONS.intersection(reasons):
                    logger.warning("transaction cancelled: %s", reasons)
                    raise WriteRefused(reasons) from None
                throttled = "TransactionConflict" not in reasons
            elif code == "IdempotentParameterMismatchException":
                # The token was used in the last 10 minutes by a different attempt (e.g. one refused
                # for stock). The idempotency item's condition still guards against a second order.
                token = None
                continue
            elif code != "TransactionInProgressException":
                raise
        backoff(attempt)
    if throttled:
        raise StorageUnavailable()
    raise Contention()


def _raise_for_failed_conditions(actions: list[Action], reasons: list[str]) -> None:
    failed = [action for action, reason in zip(actions, reasons, strict=False) if reason == "ConditionalCheckFailed"]
    if not failed:
        return
    kinds = {action.kind for action in failed}
    if Kind.IDEMPOTENCY in kinds:  # the order exists already: that answer beats any stock failure
        raise DuplicateOrder(next(a.subject for a in failed if a.kind is Kind.IDEMPOTENCY))
    if Kind.STOCK in kinds:
        raise StockShortage([action.subject for action in failed if action.kind is Kind.STOCK])
    if Kind.NEW in kinds:
        new = next(a for a in failed if a.kind is Kind.NEW)
        raise AlreadyExists(new.entity, new.subject)
    raise StaleWrite(failed[0].entity, failed[0].subject)
