"""Placing orders and moving them along the status pipeline.

`order_place` is the same code on both backends: read the cart and the products, check, then in one
unit of work decrement each line's stock conditionally, add the order and clear the ordered cart
lines. The unit of work makes that atomic; this module only decides what to write.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import partial

from django.conf import settings

from cart.domain import CartItem, CartItemChanged
from catalog.domain import StockChanged
from core.conditions import Condition, check_on_nothing, conditional_write
from core.errors import (
    DuplicateOrder,
    InvalidTransition,
    NotFound,
    OutOfStock,
    PriceMismatch,
    ShortLine,
    StockShortage,
    ValidationError,
)
from core.events import publish
from core.ids import clean_client_id, new_id, utcnow
from core.limits import MAX_ORDER_LINES
from core.money import to_money
from core.validation import clean_email, clean_int, clean_text
from orders.domain import TRANSITIONS, Order, OrderLine, OrderPlaced, OrderStatus, OrderStatusChanged
from storage import unit_of_work
from storage.base import UnitOfWork

MAX_LINE_QUANTITY = 99


def order_place(
    *,
    user_id: str,
    customer_name: str,
    customer_email: str,
    shipping_address: str,
    idempotency_key: str,
    cart_owner: str | None = None,
    items: list[tuple[str, object]] | None = None,
    expected_total: object = None,
    expected_prices: dict[str, object] | None = None,
    id: str | None = None,
    condition: Condition | None = None,
    uow: UnitOfWork | None = None,
) -> Order:
    """Orders `items` ((product id, quantity) pairs) or, without them, everything in `cart_owner`'s cart.

    The server prices the order; a client's `expected_total` or per-product `expected_prices` that differ
    are a PriceMismatch. A repeated `idempotency_key` from the same user returns the first order instead
    of a new one. `id`
    is a client-chosen id (honoured when well-formed and free); `condition` is checked against the
    order it would replace: there is none.
    """
    uow = uow or unit_of_work()
    check_on_nothing(condition)
    order_id = new_id() if id is None else clean_client_id(id)
    user_id = str(user_id)
    key = f"{user_id}:{clean_text(idempotency_key, 'idempotency_key', max_length=100)}"
    customer = {
        "customer_name": clean_text(customer_name, "customer_name", max_length=200),
        "customer_email": clean_email(customer_email),
        "shipping_address": clean_text(shipping_address, "shipping_address", max_length=1000),
    }
    try:
        priced = _price(uow, cart_owner, items, expected_total, expected_prices or {})
    except (ValidationError, OutOfStock, PriceMismatch):
        # A retry of an order already placed may fail today's checks (cart emptied by that order,
        # stock sold, price changed): it gets its order back. Only refusals pay for this lookup.
        if (existing := uow.orders.get_by_idempotency_key(key)) is not None:
            return existing
        raise

    now = utcnow()
    order = Order(
        id=order_id, user_id=user_id, lines=priced.lines, total_amount=priced.total, currency=settings.SHOP_CURRENCY,
        idempotency_key=key, status=OrderStatus.PENDING, created_at=now, updated_at=now, **customer,
    )
    try:
        with uow:
            for line in priced.lines:
                uow.products.decrement_stock(line.product_id, line.quantity)
            uow.orders.add(order)
            if items is None and cart_owner:
                uow.carts.delete_many(cart_owner, [*priced.quantities, *priced.gone])
            uow.on_commit(lambda: publish(OrderPlaced(order)))
            uow.on_commit(lambda: publish(StockChanged(tuple(line.product_id for line in order.lines))))
            for item in priced.cart:
                uow.on_commit(partial(publish, CartItemChanged("delete", item)))
            uow.commit()
    except DuplicateOrder:
        # A concurrent retry with the same key won; its order is the answer.
        return uow.orders.get_by_idempotency_key(key)
    except StockShortage:
        # Someone bought the last units between our read and our write: report what is left now.
        _check_stock(priced.quantities, uow.products.get_many(priced.quantities))
        raise
    return order


@dataclass
class _Priced:
    quantities: dict[str, int]
    lines: list[OrderLine]
    total: Decimal
    # Cart lines whose product was deleted or hidden: never buyable, so skipped and cleared.
    gone: list[str]
    # The cart lines ordered (and cleared); none when the items were named explicitly.
    cart: list[CartItem]


def _price(uow: UnitOfWork, cart_owner: str | None, items: list | None, expected_total: object,
           expected_prices: dict[str, object]) -> _Priced:
    """What would be ordered, priced from the current catalog, or the reason it can't be."""
    wanted, cart = _wanted_quantities(uow, cart_owner, items)
    products = uow.products.get_many(wanted)
    gone = [pid for pid in wanted if pid not in products or not products[pid].active]
    if gone and items is not None:
        raise ValidationError("Some products are not available; remove them and try again.", field="items")
    wanted = {pid: qty for pid, qty in wanted.items() if pid not in gone}
    if not wanted:
        raise ValidationError("Your cart is empty." if not gone else
                              "Nothing in your cart is available any more.", field="items")
    _check_stock(wanted, products)
    lines = [
        OrderLine(product_id=pid, product_name=products[pid].name, unit_price=products[pid].price, quantity=qty)
        for pid, qty in wanted.items()
    ]
    for line in lines:
        if line.product_id in expected_prices:
            client_price = _client_money(expected_prices[line.product_id], "price")
            if client_price != line.unit_price:
                raise PriceMismatch(f"{line.product_name} costs {line.unit_price} {settings.SHOP_CURRENCY}, "
                                    f"not {client_price}; review the order.")
    total = sum((line.line_total for line in lines), Decimal("0.00"))
    if expected_total not in (None, ""):
        client_total = _client_money(expected_total, "totalAmount")
        if client_total != total:
            raise PriceMismatch(f"The total is {total} {settings.SHOP_CURRENCY}, not {client_total}; review the order.")
    return _Priced(quantities=wanted, lines=lines, total=total, gone=gone, cart=cart)


def _client_money(value: object, field: str) -> Decimal:
    try:
        return to_money(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{field} must be an amount like 19.99.", field=field) from None


def order_change_status(*, order_id: str, status: object, condition: Condition | None = None,
                        uow: UnitOfWork | None = None) -> Order:
    """Moves an order one step along TRANSITIONS; cancelling puts the lines' stock back, atomically."""
    uow = uow or unit_of_work()
    try:
        new = OrderStatus(str(status).upper())
    except ValueError:
        raise ValidationError(f"Unknown status “{status}”.", field="status") from None

    def read() -> Order:
        order = uow.orders.get(order_id)
        if order is None:
            raise NotFound("That order does not exist.")
        return order

    def write(order: Order) -> Order:
        if new not in TRANSITIONS[order.status]:
            raise InvalidTransition(f"An order that is {order.status.value} cannot become {new.value}.")
        changed = replace(order, status=new, updated_at=utcnow())
        with uow:
            uow.orders.update_status(order.id, expected=order.status, new=new, updated_at=changed.updated_at)
            if new is OrderStatus.CANCELLED:
                for line in order.lines:
                    uow.products.increment_stock(line.product_id, line.quantity)
                uow.on_commit(lambda: publish(StockChanged(tuple(line.product_id for line in order.lines))))
            uow.on_commit(lambda: publish(OrderStatusChanged(changed, order.status)))
            uow.commit()
        return changed

    return conditional_write(read, write, condition)


def _wanted_quantities(uow: UnitOfWork, cart_owner: str | None, items: list | None
                       ) -> tuple[dict[str, int], list[CartItem]]:
    """The quantities wanted per product, and the cart lines they come from (none for explicit items)."""
    wanted: Counter[str] = Counter()
    cart = uow.carts.list(cart_owner) if items is None and cart_owner else []
    if items is None:
        for item in cart:
            wanted[item.product_id] += item.quantity
    else:
        for product_id, quantity in items:
            wanted[str(product_id)] += clean_int(quantity, "quantity", minimum=1, maximum=MAX_LINE_QUANTITY)
    if len(wanted) > MAX_ORDER_LINES:
        raise ValidationError(
            f"An order can hold at most {MAX_ORDER_LINES} different products; split it into several orders.",
            field="items",
        )
    return dict(wanted), cart


def _check_stock(wanted: dict[str, int], products: dict) -> None:
    short = [
        ShortLine(pid, products[pid].name if pid in products else pid, qty,
                  products[pid].stock if pid in products else 0)
        for pid, qty in wanted.items()
        if pid not in products or products[pid].stock < qty
    ]
    if short:
        raise OutOfStock(short)
