"""Reading a cart with its products: two storage reads whatever the number of lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cart.domain import CartItem
from catalog.domain import Product
from storage import unit_of_work


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
