"""The cart: items keyed by owner (a signed-in user or a guest cart) and product."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

MAX_QUANTITY = 99


def user_owner(user_id: int | str) -> str:
    return f"user:{user_id}"


def guest_owner(guest_id: str) -> str:
    return f"guest:{guest_id}"


def owner_user_id(owner: str) -> str | None:
    """The public user id a cart owner key belongs to; None for a guest cart."""
    kind, _, value = owner.partition(":")
    return value if kind == "user" else None


@dataclass
class CartItem:
    id: str
    owner: str
    product_id: str
    quantity: int
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class CartItemChanged:
    """Published by cart.services once a cart line was created, changed or removed (committed)."""

    action: Literal["create", "update", "delete"]
    item: CartItem  # as written (as it was, for a delete)
