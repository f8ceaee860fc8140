"""Reading a cart with its products: two storage reads whatever the number of lines."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cart.domain import CartItem
from catalog.domain import Product
from shop.storage import unit_of_work


@dataclass
class CartLine:
    item: CartItem
    product: Product

    @property
    def line_total(self) -> Decimal:
        return self.product.price * self.item.quantity


@dataclass
class Cart:
    owner: str
    lines: list[CartLine]

    @property
    def subtotal(self) -> Decimal:
        return sum((line.line_total for line in self.lines), Decimal("0.00"))

    @property
    def count(self) -> int:
        return sum(line.item.quantity for line in self.lines)


def cart_get(*, owner: str) -> Cart:
    """Lines whose product was deleted or deactivated are left out: they can't be bought."""
    uow = unit_of_work()
    items = uow.carts.list(owner)
    products = uow.products.get_many([item.product_id for item in items]) if items else {}
    lines = [
        CartLine(item=item, product=products[item.product_id])
        for item in items
        if item.product_id in products and products[item.product_id].active
    ]
    return Cart(owner=owner, lines=lines)
