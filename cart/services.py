"""Cart writes: add, change, remove, and merging a guest cart into a user's on sign-in."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

from cart.domain import MAX_QUANTITY, CartItem, CartItemChanged
from catalog.domain import Product
from core.conditions import Condition, conditional_write
from core.errors import AlreadyExists, NotFound, OutOfStock, ShortLine, ValidationError
from core.events import publish
from core.ids import clean_client_id, new_id, utcnow
from core.limits import MAX_ORDER_LINES
from core.validation import clean_int
from storage import unit_of_work
from storage.base import UnitOfWork


@dataclass
class CartChange:
    item: CartItem | None
    # Set when the asked-for quantity was lowered to what is in stock; shown to the shopper.
    notice: str = ""


def cart_add(*, owner: str, product_id: str, quantity: object, item_id: str | None = None,
             condition: Condition | None = None, uow: UnitOfWork | None = None) -> CartChange:
    """Adds to the owner's line for the product (quantities add up, capped at stock). `item_id` is a
    client-chosen id for a new line; `condition` is checked against the existing line (or none)."""
    uow = uow or unit_of_work()
    wanted = clean_int(quantity, "quantity", minimum=1, maximum=MAX_QUANTITY)
    chosen = clean_client_id(item_id) if item_id is not None else None
    product = _buyable(uow, product_id)

    def write(existing: CartItem | None) -> CartChange:
        lines = uow.carts.list(owner)
        if existing is None and len(lines) >= MAX_ORDER_LINES:
            raise ValidationError(
                f"A cart holds at most {MAX_ORDER_LINES} different products; check out or remove some first.",
                field="product_id",
            )
        if existing is None and chosen is not None and any(line.id == chosen for line in lines):
            raise AlreadyExists("cart", chosen)
        total = (existing.quantity if existing else 0) + wanted
        return _store(uow, owner, product, existing, total, chosen_id=chosen)

    return conditional_write(lambda: uow.carts.get(owner, product.id), write, condition, retry=True)


def cart_set_quantity(*, owner: str, product_id: str, quantity: object, condition: Condition | None = None,
                      uow: UnitOfWork | None = None) -> CartChange:
    uow = uow or unit_of_work()
    wanted = clean_int(quantity, "quantity", minimum=1, maximum=MAX_QUANTITY)
    return conditional_write(lambda: _line(uow, owner, product_id),
                             lambda existing: _store(uow, owner, _buyable(uow, product_id), existing, wanted),
                             condition, retry=True)


def cart_remove(*, owner: str, product_id: str, condition: Condition | None = None,
                uow: UnitOfWork | None = None) -> CartItem:
    """Removes the line and returns it as it was."""
    uow = uow or unit_of_work()

    def write(existing: CartItem) -> CartItem:
        with uow:
            uow.carts.delete(existing)
            uow.on_commit(lambda: publish(CartItemChanged("delete", existing)))
            uow.commit()
        return existing

    return conditional_write(lambda: _line(uow, owner, product_id), write, condition, retry=True)


def cart_merge(*, source_owner: str, target_owner: str, uow: UnitOfWork | None = None) -> None:
    """Adds the guest's quantities to the user's (capped at stock) and empties the guest cart."""
    uow = uow or unit_of_work()
    if source_owner == target_owner:
        return

    def write(guest_items: list[CartItem]) -> None:
        if not guest_items:
            return
        products = uow.products.get_many([item.product_id for item in guest_items])
        mine = {item.product_id: item for item in uow.carts.list(target_owner)}
        now = utcnow()
        with uow:
            for item in guest_items:
                product = products.get(item.product_id)
                if product is None or not product.active or not product.in_stock:
                    continue
                current = mine.get(item.product_id)
                if current is None and len(mine) >= MAX_ORDER_LINES:
                    continue
                quantity = min((current.quantity if current else 0) + item.quantity, product.stock, MAX_QUANTITY)
                merged = replace(current, quantity=quantity, updated_at=now) if current else CartItem(
                    id=new_id(), owner=target_owner, product_id=product.id, quantity=quantity,
                    created_at=item.created_at, updated_at=now)
                uow.carts.save(merged, previous=current)
                uow.on_commit(partial(publish, CartItemChanged("update" if current else "create", merged)))
                mine[product.id] = merged
            uow.carts.delete_many(source_owner, [item.product_id for item in guest_items])
            for item in guest_items:
                uow.on_commit(partial(publish, CartItemChanged("delete", item)))
            uow.commit()

    conditional_write(lambda: uow.carts.list(source_owner), write, None, retry=True)


def _buyable(uow: UnitOfWork, product_id: str) -> Product:
    product = uow.products.get(str(product_id)) if product_id else None
    if product is None or not product.active:
        raise NotFound("That product does not exist.")
    if not product.in_stock:
        raise OutOfStock([ShortLine(product.id, product.name, 1, 0)])
    return product


def _line(uow: UnitOfWork, owner: str, product_id: str) -> CartItem:
    line = uow.carts.get(owner, product_id)
    if line is None:
        raise NotFound("That product is not in your cart.")
    return line


def _store(uow: UnitOfWork, owner: str, product: Product, existing: CartItem | None, wanted: int, *,
           chosen_id: str | None = None) -> CartChange:
    """Saves the line with `wanted` capped at stock; pinned on `existing` (a race is re-read and retried)."""
    quantity = min(wanted, product.stock, MAX_QUANTITY)
    notice = ""
    if quantity < wanted and quantity == product.stock:
        notice = f"Only {product.stock} of “{product.name}” in stock; your cart now holds {quantity}."
    elif quantity < wanted:
        notice = f"You can buy at most {MAX_QUANTITY} of a product; your cart now holds {quantity}."
    now = utcnow()
    if existing is not None:
        item = replace(existing, quantity=quantity, updated_at=now)
    else:
        item = CartItem(id=chosen_id or new_id(), owner=owner, product_id=product.id, quantity=quantity,
                        created_at=now, updated_at=now)
    with uow:
        uow.carts.save(item, previous=existing)
        uow.on_commit(lambda: publish(CartItemChanged("update" if existing else "create", item)))
        uow.commit()
    return CartChange(item=item, notice=notice)
