"""Marks the views whose pages shop/page_cache.py caches, and for whom."""

from __future__ import annotations

from collections.abc import Callable

SHOPPER_PAGE = "shopper_page"
CART_PAGE = "cart_page"


def shopper_page(view: Callable) -> Callable:
    """The view renders the same page for every signed-out shopper but for the cart badge and the CSRF
    token, which the page cache fills in on every response: put it outermost, above the view's other
    decorators."""
    setattr(view, SHOPPER_PAGE, True)
    return view


def cart_page(view: Callable) -> Callable:
    """The view renders the request's own cart: the same page for everyone holding that cart (signed in
    or a guest), until the cart or the catalog changes, but for the CSRF token. Outermost, as above."""
    setattr(view, CART_PAGE, True)
    return view
