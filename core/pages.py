"""Marks the views whose pages are the same for every signed-out shopper (shop/page_cache.py caches them)."""

from __future__ import annotations

from collections.abc import Callable

SHOPPER_PAGE = "shopper_page"


def shopper_page(view: Callable) -> Callable:
    """The view renders nothing per shopper but the cart badge and the CSRF token, which the page cache
    fills in on every response: put it outermost, above the view's other decorators."""
    setattr(view, SHOPPER_PAGE, True)
    return view
