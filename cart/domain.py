"""The cart: items keyed by owner (a signed-in user or a guest cart) and product."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

MAX_QUANTITY = 99


def user_owner(user_id: int | str) -> str:
    return f"user:{user_id}"


def guest_owner(guest_id: str) -> str:
    return f"guest:{guest_id}"


@dataclass
class CartItem:
    id: str
    owner: str
    product_id: str
    quantity: int
    created_at: datetime | None = None
