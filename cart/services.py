"""Cart writes: add, change, remove, and merging a guest cart into a user's on sign-in."""

from __future__ import annotations

from dataclasses import dataclass

from cart.domain import MAX_QUANTITY, CartItem
from catalog.domain import Product
from core.errors import NotFound, OutOfStock, ShortLine, ValidationError
from core.ids import new_id, utcnow
from core.limits import MAX_ORDER_LINES
from core.validation import clean_int
from storage import unit_of_work
from storage.base import UnitOfWork


@dataclass
class CartChange:
    item: CartItem | None
    # Set when the asked-for quantity was lowered to what is in stock; shown to the shopper.
    notice: str = ""


def cart_add(*, owner: str, product_id: str, quantity: object, uow: UnitOfWork | None = None) -> CartChange:
    uow = uow or unit_of_work()
    wanted = clean_int(quantity, "quantity", minimum=1, maximum=MAX_QUANTITY)
    product = _buyable(uow, product_id)
    existing = uow.carts.get(owner, product.id)
    if existing is None and len(uow.carts.list(owner)) >= MAX_ORDER_LINES:
        raise ValidationError(
            f"A cart holds at most {MAX_ORDER_LINES} different products; check out or remove some first.",
            field="product_id",
        )
    return _store(uow, owner, product, existing, (existing.quantity if existing else 0) + wanted)


def cart_set_quantity(*, owner: str, product_id: str, quantity: object, uow: UnitOfWork | None = None) -> CartChange:
    uow = uow or unit_of_work()
    wanted = clean_int(quantity, "quantity", minimum=1, maximum=MAX_QUANTITY)
    existing = uow.carts.get(owner, product_id)
    if existing is None:
        raise NotFound("That product is not in your cart.")
    return _store(uow, owner, _buyable(uow, product_id), existing, wanted)


def cart_remove(*, owner: str, product_id: str, uow: UnitOfWork | None = None) -> None:
    uow = uow or unit_of_work()
    if uow.carts.get(owner, product_id) is None:
        raise NotFound("That product is not in your cart.")
    with uow:
        uow.carts.delete_many(owner, [product_id])
        uow.commit()


def cart_merge(*, source_owner: str, target_owner: str, uow: UnitOfWork | None = None) -> None:
    """Adds the guest's quantities to the user's (capped at stock) and empties the guest cart."""
    uow = uow or unit_of_work()
    guest_items = uow.carts.list(source_owner)
    if not guest_items or source_owner == target_owner:
        return
    products = uow.products.get_many([item.product_id for item in guest_items])
    mine = {item.product_id: item for item in uow.carts.list(target_owner)}
    with uow:
        for item in guest_items:
            product = products.get(item.product_id)
            if product is None or not product.active or not product.in_stock:
                continue
            current = mine.get(item.product_id)
            if current is None and len(mine) >= MAX_ORDER_LINES:
                continue
            quantity = min((current.quantity if current else 0) + item.quantity, product.stock, MAX_QUANTITY)
            merged = current or CartItem(id=new_id(), owner=target_owner, product_id=product.id, quantity=0,
                                         created_at=item.created_at)
            merged.quantity, merged.updated_at = quantity, utcnow()
            uow.carts.save(merged)
            mine[product.id] = merged
        uow.carts.delete_many(source_owner, [item.product_id for item in guest_items])
        uow.commit()


def _buyable(uow: UnitOfWork, product_id: str) -> Product:
    product = uow.products.get(str(product_id)) if product_id else None
    if product is None or not product.active:
        raise NotFound("That product does not exist.")
    if not product.in_stock:
        raise OutOfStock([ShortLine(product.id, product.name, 1, 0)])
    return product


def _store(uow: UnitOfWork, owner: str, product: Product, existing: CartItem | None, wanted: int) -> CartChange:
    quantity = min(wanted, product.stock, MAX_QUANTITY)
    notice = ""
    if quantity < wanted and quantity == product.stock:
        notice = f"Only {product.stock} of “{product.name}” in stock; your cart now holds {quantity}."
    elif quantity < wanted:
        notice = f"You can buy at most {MAX_QUANTITY} of a product; your cart now holds {quantity}."
    now = utcnow()
    item = existing or CartItem(id=new_id(), owner=owner, product_id=product.id, quantity=0, created_at=now)
    item.quantity, item.updated_at = quantity, now
    with uow:
        uow.carts.save(item)
        uow.commit()
    return CartChange(item=item, notice=notice)
