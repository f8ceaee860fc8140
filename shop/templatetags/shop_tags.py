from __future__ import annotations

from decimal import Decimal

from django import template
from django.conf import settings

register = template.Library()

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


@register.filter
def money(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    symbol = SYMBOLS.get(settings.SHOP_CURRENCY)
    text = f"{amount:,.2f}"
    return f"{symbol}{text}" if symbol else f"{text} {settings.SHOP_CURRENCY}"
