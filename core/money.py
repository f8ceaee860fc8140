"""Money is Decimal with two places; the currency is a setting (SHOP_CURRENCY)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
MAX_PRICE = Decimal("999999.99")


def to_money(value: object) -> Decimal:
    """Parse a price exactly; floats are refused so binary rounding never reaches a total."""
    if isinstance(value, float):
        raise TypeError("Money must not be a float; pass a str or Decimal.")
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"{value!r} is not an amount of money.") from exc
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not an amount of money.")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)
