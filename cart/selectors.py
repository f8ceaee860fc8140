"""Reading a cart with its products (two storage reads whatever the number of lines), and its version."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cart.domain import CartItem, CartItemChanged
from catalog.domain import Product
from core.versions import current_version, new_version
from storage import unit_of_work

# A cart's version outlives any page cached with it; one that expires is made again, never reused.
VERSION_SECONDS = 86_400


@dataclass
class CartLine:
    item: CartItem
    # None when the product was deleted or hidden since it was added (see Cart.unavailable).
    product: Product | None

    @property
    def line_total(self) -> Decimal:
        return self.product.price * self.item.quantity


@dataclass
class Cart:
    owner: str
    lines: list[CartLine]
    # Lines that can no longer be bought; shown so the shopper can remove them, skipped at checkout.
    unavailable: list[CartLine] = field(default_factory=list)

    @property
    def subtotal(self) -> Decimal:
        return sum((line.line_total for line in self.lines), Decimal("0.00"))

    @property
    def count(self) -> int:
        return sum(line.item.quantity for line in self.lines)


def cart_get(*, owner: str) -> Cart:
    uow = unit_of_work()
    items = uow.carts.list(owner)
    products = uow.products.get_many([item.product_id for item in items]) if items else {}
    cart = Cart(owner=owner, lines=[])
    for item in items:
        product = products.get(item.product_id)
        if product is not None and product.active:
            cart.lines.append(CartLine(item=item, product=product))
        else:
            cart.unavailable.append(CartLine(item=item, product=None))
    return cart


def cart_version(owner: str) -> str:
    """Changes whenever a line of the owner's cart is written, by any instance (shop/page_cache.py keys the
    cart page with it)."""
    return current_version(_version_key(owner), VERSION_SECONDS)


def cart_changed(event: CartItemChanged) -> None:
    """Subscribed to CartItemChanged (cart/apps.py), which every write of a cart line publishes once it
    has committed: the cart's service writes, a checkout emptying the cart, a guest cart merged at sign-in."""
    new_version(_version_key(event.item.owner), VERSION_SECONDS)


def _version_key(owner: str) -> str:
    return f"cart:version:{owner}"
