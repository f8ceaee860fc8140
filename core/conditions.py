"""Conditional writes: AppSync's `condition` input, evaluated atomically with the write.

The condition is checked against the item as read, and the write is pinned on that item (a backend
raises StaleWrite when it changed in between, see storage.base). A change in between therefore
re-reads and re-evaluates, so the write lands only on an item for which the condition held, which
is what DynamoDB's own ConditionExpression guarantees, on both backends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from core.errors import ConditionFailed, StaleWrite

T = TypeVar("T")
R = TypeVar("R")
Condition = Callable[[object], bool]  # called with the stored item, or None when there is none

ATTEMPTS = 5


def conditional_write(read: Callable[[], T], write: Callable[[T], R], condition: Condition | None, *,
                      retry: bool = False) -> R:
    """`write(read())`, only if `condition(item)` holds for the item the write replaces.

    With a condition (or `retry`, for writes that are simply recomputed from a fresh read, such as
    adding to a cart), a lost race is read again; without, it is the caller's StaleWrite to report.
    """
    for attempt in range(ATTEMPTS):
        current = read()
        if condition is not None and not condition(current):
            raise ConditionFailed()
        try:
            return write(current)
        except StaleWrite:
            if (condition is None and not retry) or attempt + 1 == ATTEMPTS:
                raise
    raise AssertionError("unreachable")  # the loop returns or raises


def check_on_nothing(condition: Condition | None) -> None:
    """A create's condition is evaluated against the item it would replace: there is none."""
    if condition is not None and not condition(None):
        raise ConditionFailed()
