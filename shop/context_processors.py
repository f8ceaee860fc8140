from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from cart.session import cart_count


def shop(request: HttpRequest) -> dict:
    # The header's cart badge comes from the session, so rendering a page costs no storage call.
    return {"currency": settings.SHOP_CURRENCY, "cart_count": cart_count(request)}
