"""Orders in the GraphQL API: a user's own orders, checkout, and staff status changes.

The server prices every order from the current catalog; client prices and status are ignored and a
client `totalAmount` that differs from the server's total is refused (PriceMismatch).
"""

from __future__ import annotations

import graphene

from api.auth import authorize, caller_of, require_perm, require_user
from api.filters import ModelFloatInput, ModelIDInput, ModelStringInput, filter_input, matches, top_level_eq
from api.paging import clean_limit, filtered_page, list_arguments, page_size_for
from api.scalars import AWSJSON, AWSDateTime, AWSEmail, iso_utc, money_in, money_out
from core.errors import NotFound, ValidationError
from core.ids import new_id
from orders import selectors, services
from orders.domain import Order, OrderLine, OrderQuery, OrderStatus

OrderStatusEnum = graphene.Enum.from_enum(
    OrderStatus, name="OrderStatus", description="Staff move orders along PENDING -> PAID -> SHIPPED -> DELIVERED."
)
VIEW_ALL, CHANGE_STATUS = "orders.view_orderrecord", "orders.change_orderrecord"


class OrderLineType(graphene.ObjectType):
    class Meta:
        name = "OrderLine"

    product_id = graphene.ID(required=True)
    product_name = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    price = graphene.Float(required=True, description="Unit price when ordered.")
    line_total = graphene.Float(required=True)

    @staticmethod
    def resolve_price(line: OrderLine, _info) -> float:
        return money_out(line.unit_price)

    @staticmethod
    def resolve_line_total(line: OrderLine, _info) -> float:
        return money_out(line.line_total)


class OrderType(graphene.ObjectType):
    class Meta:
        name = "Order"

    id = graphene.ID(required=True)
    number = graphene.String(required=True)
    customer_email = AWSEmail(required=True)
    customer_name = graphene.String(required=True)
    items = AWSJSON(required=True, description="JSON list of {productId, productName, quantity, price}.")
    lines = graphene.NonNull(graphene.List(graphene.NonNull(OrderLineType)))
    total_amount = graphene.Float(required=True)
    currency = graphene.String(required=True)
    status = OrderStatusEnum(required=True)
    shipping_address = graphene.String(required=True)
    created_at = AWSDateTime(required=True)
    updated_at = AWSDateTime(required=True)

    @staticmethod
    def resolve_items(order: Order, _info) -> list[dict]:
        return [
            {"productId": line.product_id, "productName": line.product_name, "quantity": line.quantity,
             "price": money_out(line.unit_price)}
            for line in order.lines
        ]

    @staticmethod
    def resolve_total_amount(order: Order, _info) -> float:
        return money_out(order.total_amount)

    @staticmethod
    def resolve_status(order: Order, _info) -> OrderStatus:
        return order.status


class ModelOrderConnection(graphene.ObjectType):
    items = graphene.NonNull(graphene.List(OrderType))
    next_token = graphene.String()


class ModelOrderStatusInput(graphene.InputObjectType):
    eq = OrderStatusEnum()
    ne = OrderStatusEnum()


ModelOrderFilterInput = filter_input("ModelOrderFilterInput", {
    "id": ModelIDInput(), "customer_email": ModelStringInput(), "customer_name": ModelStringInput(),
    "total_amount": ModelFloatInput(), "status": ModelOrderStatusInput(), "shipping_address": ModelStringInput(),
    "created_at": ModelStringInput(), "updated_at": ModelStringInput(),
})


def _values(order: Order) -> dict[str, object]:
    return {
        "id": order.id, "customer_email": order.customer_email, "customer_name": order.customer_name,
        "total_amount": order.total_amount, "status": order.status, "shipping_address": order.shipping_address,
        "created_at": iso_utc(order.created_at), "updated_at": iso_utc(order.updated_at),
    }


def _status(value: object) -> OrderStatus | None:
    return None if value is None else OrderStatus(getattr(value, "value", value))


class OrdersQuery(graphene.ObjectType):
    get_order = graphene.Field(OrderType, id=graphene.ID(required=True))
    list_orders = graphene.Field(
        ModelOrderConnection, **list_arguments(ModelOrderFilterInput),
        description="The caller's orders, newest first (all orders for staff with orders.view_orderrecord).",
    )

    @staticmethod
    def resolve_get_order(_root, info, id: str) -> Order | None:
        caller = caller_of(info)
        authorize(info, caller.is_user or caller.has_perm(VIEW_ALL))
        try:
            if caller.has_perm(VIEW_ALL):
                return selectors.order_get(order_id=id)
            return selectors.order_get_for_user(user_id=caller.user_id, order_id=id)
        except NotFound:
            return None

    @staticmethod
    def resolve_list_orders(_root, info, filter=None, limit=None, next_token=None) -> ModelOrderConnection:
        caller = caller_of(info)
        authorize(info, caller.is_user or caller.has_perm(VIEW_ALL))
        limit = clean_limit(limit)
        if caller.has_perm(VIEW_ALL):
            query = OrderQuery(status=_status(top_level_eq(filter, "status")))
        else:
            query = OrderQuery(user_id=caller.user_id)
        items, token = filtered_page(
            lambda cursor, size: selectors.order_page(query=query, cursor=cursor, limit=size),
            lambda order: matches(filter, _values(order)),
            scope=query.scope(), token=next_token, limit=limit, page_size=page_size_for(limit, bool(filter)),
        )
        return ModelOrderConnection(items=items, next_token=token)


class CreateOrderInput(graphene.InputObjectType):
    id = graphene.ID(description="Ignored: the server assigns ids.")
    customer_email = AWSEmail(required=True)
    customer_name = graphene.String(required=True)
    shipping_address = graphene.String(required=True)
    items = AWSJSON(description="[{productId, quantity}] (other keys, e.g. price, are ignored); "
                                "without it the caller's cart is ordered.")
    total_amount = graphene.Float(description="If sent, must equal the server's total, else PriceMismatch.")
    status = OrderStatusEnum(description="Ignored: new orders are PENDING.")
    idempotency_key = graphene.String(description="A retry with the same key returns the same order.")


class UpdateOrderInput(graphene.InputObjectType):
    id = graphene.ID(required=True)
    status = OrderStatusEnum(required=True)


def _wanted(raw: object) -> list[tuple[str, object]] | None:
    if raw is None:
        return None
    problem = ValidationError("items must be a non-empty JSON list of {productId, quantity}.", field="items")
    if not isinstance(raw, list) or not raw:
        raise problem
    wanted = []
    for entry in raw:
        if not isinstance(entry, dict) or not isinstance(entry.get("productId"), str) or "quantity" not in entry:
            raise problem
        wanted.append((entry["productId"], entry["quantity"]))
    return wanted


class OrdersMutation(graphene.ObjectType):
    create_order = graphene.Field(OrderType, input=CreateOrderInput(required=True))
    update_order = graphene.Field(OrderType, input=UpdateOrderInput(required=True),
                                  description="Staff: moves the status along the allowed transitions.")

    @staticmethod
    def resolve_create_order(_root, info, input: dict) -> Order:
        caller = require_user(info)
        items = _wanted(input.get("items"))
        return services.order_place(
            user_id=caller.user_id,
            customer_name=input["customer_name"],
            customer_email=input["customer_email"],
            shipping_address=input["shipping_address"],
            idempotency_key=input.get("idempotency_key") or new_id(),
            cart_owner=caller.cart_owner if items is None else None,
            items=items,
            expected_total=money_in(input.get("total_amount")),
        )

    @staticmethod
    def resolve_update_order(_root, info, input: dict) -> Order:
        require_perm(info, CHANGE_STATUS)
        return services.order_change_status(order_id=input["id"], status=_status(input["status"]).value)
