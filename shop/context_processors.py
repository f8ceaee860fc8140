from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from cart.session import cart_count
from shop.page_cache import rendering_markers


def shop(request: HttpRequest) -> dict:
    # The header's cart badge comes from the session, so rendering a page costs no storage call; a page
    # rendered for the page cache gets placeholders instead (and for its CSRF token).
    return {"currency": settings.SHOP_CURRENCY, "cart_count": cart_count(request), **rendering_markers(request)}
