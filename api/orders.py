"""Orders in the GraphQL API: a user's own orders, checkout, and staff status changes.

The server prices every order from the current catalog: a client's `totalAmount` or an item `price`
that differs from the server's is refused (PriceMismatch); a new order is PENDING.
"""

from __future__ import annotations

import graphene

from api.auth import authorize, caller_of, require_perm, require_user
from api.filters import (
    ModelFloatInput,
    ModelIDInput,
    ModelSortDirection,
    ModelStringInput,
    ModelStringKeyConditionInput,
    condition_input,
    condition_predicate,
    filter_input,
    matches,
    top_level_eq,
)
from api.paging import clean_limit, filtered_page, list_arguments, page_size_for
from api.scalars import AWSJSON, AWSDateTime, AWSEmail, iso_utc, money_in, money_out
from core.errors import NotFound, ValidationError
from core.ids import new_id
from core.money import to_money
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
    user_id = graphene.ID(required=True, description="The owner's public id.")
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


def _fields() -> dict:
    return {
        "id": ModelIDInput(), "user_id": ModelIDInput(), "customer_email": ModelStringInput(),
        "customer_name": ModelStringInput(), "total_amount": ModelFloatInput(), "status": ModelOrderStatusInput(),
        "shipping_address": ModelStringInput(), "created_at": ModelStringInput(), "updated_at": ModelStringInput(),
    }


ModelOrderFilterInput = filter_input("ModelOrderFilterInput", _fields())
ModelOrderConditionInput = condition_input("ModelOrderConditionInput", _fields())


def order_values(order: Order) -> dict[str, object]:
    return {
        "id": order.id, "user_id": order.user_id, "customer_email": order.customer_email,
        "customer_name": order.customer_name, "total_amount": order.total_amount, "status": order.status,
        "shipping_address": order.shipping_address, "created_at": iso_utc(order.created_at),
        "updated_at": iso_utc(order.updated_at),
    }


def _status(value: object) -> OrderStatus | None:
    return None if value is None else OrderStatus(getattr(value, "value", value))


def _orders_page(info, staff_query: OrderQuery, condition: dict | None, limit: object,
                 next_token: str | None) -> ModelOrderConnection:
    """Staff with orders.view_orderrecord read `staff_query`; anybody else signed in reads their own
    orders (in the same order), with the condition applied after reading."""
    caller = caller_of(info)
    authorize(info, caller.is_user or caller.has_perm(VIEW_ALL))
    limit = clean_limit(limit)
    query = staff_query if caller.has_perm(VIEW_ALL) else OrderQuery(user_id=caller.user_id,
                                                                       oldest_first=staff_query.oldest_first)
    items, token = filtered_page(
        lambda cursor, size: selectors.order_page(query=query, cursor=cursor, limit=size),
        lambda order: matches(condition, order_values(order)),
        scope=query.scope(), token=next_token, limit=limit, page_size=page_size_for(limit, bool(condition)),
    )
    return ModelOrderConnection(items=items, next_token=token)


def _with_key(filter: dict | None, field: str, value: dict, key_condition: dict | None) -> dict:
    """An index query's partition value and sort-key condition as a filter (the staff index applies the
    first itself; a user's own listing needs both)."""
    parts = [part for part in (filter, {field: value}, {"created_at": key_condition} if key_condition else None)
             if part]
    return {"and_": parts}


def _oldest_first(sort_direction: object) -> bool:
    return sort_direction != ModelSortDirection.DESC.value  # AppSync's index queries default to ascending


def _index_arguments(key: str, key_type) -> dict:
    return {key: key_type(required=True), "created_at": ModelStringKeyConditionInput(),
            "sort_direction": ModelSortDirection(), **list_arguments(ModelOrderFilterInput)}


class OrdersQuery(graphene.ObjectType):
    get_order = graphene.Field(OrderType, id=graphene.ID(required=True))
    list_orders = graphene.Field(
        ModelOrderConnection, **list_arguments(ModelOrderFilterInput),
        description="The caller's orders, newest first (all orders for staff with orders.view_orderrecord).",
    )
    orders_by_customer_email_and_created_at = graphene.Field(
        ModelOrderConnection, **_index_arguments("customer_email", graphene.String),
        description="@index(name: \"byCustomerEmail\", sortKeyFields: [\"createdAt\"]): orders for an email by "
        "creation time, ASC (default) or DESC; the caller's own unless staff.",
    )
    orders_by_status_and_created_at = graphene.Field(
        ModelOrderConnection, **_index_arguments("status", OrderStatusEnum),
        description="@index(name: \"byStatus\", sortKeyFields: [\"createdAt\"]): orders of a status by "
        "creation time, ASC (default) or DESC; the caller's own unless staff.",
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
        return _orders_page(info, OrderQuery(status=_status(top_level_eq(filter, "status"))), filter, limit,
                            next_token)

    @staticmethod
    def resolve_orders_by_customer_email_and_created_at(_root, info, customer_email: str, created_at=None,
                                                        sort_direction=None, filter=None, limit=None,
                                                        next_token=None) -> ModelOrderConnection:
        query = OrderQuery(customer_email=customer_email, oldest_first=_oldest_first(sort_direction))
        return _orders_page(info, query, _with_key(filter, "customer_email", {"eq": customer_email}, created_at),
                            limit, next_token)

    @staticmethod
    def resolve_orders_by_status_and_created_at(_root, info, status, created_at=None, sort_direction=None,
                                                filter=None, limit=None, next_token=None) -> ModelOrderConnection:
        query = OrderQuery(status=_status(status), oldest_first=_oldest_first(sort_direction))
        return _orders_page(info, query, _with_key(filter, "status", {"eq": _status(status)}, created_at),
                            limit, next_token)


class CreateOrderInput(graphene.InputObjectType):
    id = graphene.ID(description="A client-chosen id (a UUID), honoured when free; a retry with it returns the "
                                 "same order.")
    user_id = graphene.ID(description="The caller's own public id, or nothing; anybody else's is Unauthorized.")
    customer_email = AWSEmail(required=True)
    customer_name = graphene.String(required=True)
    shipping_address = graphene.String(required=True)
    items = AWSJSON(description="[{productId, quantity, price?, productName?}]; a price, if sent, must be the "
                                "server's, else PriceMismatch. Without items the caller's cart is ordered.")
    total_amount = graphene.Float(description="If sent, must equal the server's total, else PriceMismatch.")
    status = OrderStatusEnum(description="New orders are PENDING; anything else is a ValidationError.")
    idempotency_key = graphene.String(description="A retry with the same key returns the same order.")


class UpdateOrderInput(graphene.InputObjectType):
    id = graphene.ID(required=True)
    status = OrderStatusEnum(required=True)
    # The rest of the type, as Amplify generates it: an order is a record of a sale, so these may only be
    # sent unchanged.
    customer_email = AWSEmail()
    customer_name = graphene.String()
    shipping_address = graphene.String()
    total_amount = graphene.Float()


def _wanted(raw: object) -> tuple[list[tuple[str, object]] | None, dict[str, object]]:
    """The (product id, quantity) pairs of `items`, and the unit prices the client expects."""
    if raw is None:
        return None, {}
    problem = ValidationError("items must be a non-empty JSON list of {productId, quantity}.", field="items")
    if not isinstance(raw, list) or not raw:
        raise problem
    wanted, prices = [], {}
    for entry in raw:
        if not isinstance(entry, dict) or not isinstance(entry.get("productId"), str) or "quantity" not in entry:
            raise problem
        wanted.append((entry["productId"], entry["quantity"]))
        if entry.get("price") is not None:
            prices[entry["productId"]] = money_in(entry["price"])
    return wanted, prices


def _unchanged(order: Order, input: dict) -> None:
    for field in ("customer_email", "customer_name", "shipping_address"):
        if field in input and input[field] != getattr(order, field):
            raise ValidationError(f"An order's {field} cannot change; only its status can.", field=field)
    if input.get("total_amount") is not None and to_money(money_in(input["total_amount"])) != order.total_amount:
        raise ValidationError("An order's totalAmount cannot change; only its status can.", field="total_amount")


class OrdersMutation(graphene.ObjectType):
    create_order = graphene.Field(OrderType, input=CreateOrderInput(required=True),
                                  condition=ModelOrderConditionInput())
    update_order = graphene.Field(OrderType, input=UpdateOrderInput(required=True),
                                  condition=ModelOrderConditionInput(),
                                  description="Staff: moves the status along the allowed transitions.")

    @staticmethod
    def resolve_create_order(_root, info, input: dict, condition=None) -> Order:
        caller = require_user(info)
        authorize(info, input.get("user_id") in (None, caller.user_id))
        if _status(input.get("status")) not in (None, OrderStatus.PENDING):
            raise ValidationError("A new order is PENDING; staff move it on with updateOrder.", field="status")
        items, prices = _wanted(input.get("items"))
        return services.order_place(
            user_id=caller.user_id,
            customer_name=input["customer_name"],
            customer_email=input["customer_email"],
            shipping_address=input["shipping_address"],
            idempotency_key=input.get("idempotency_key") or input.get("id") or new_id(),
            cart_owner=caller.cart_owner if items is None else None,
            items=items,
            expected_total=money_in(input.get("total_amount")),
            expected_prices=prices,
            id=input.get("id"),
            condition=condition_predicate(condition, order_values),
        )

    @staticmethod
    def resolve_update_order(_root, info, input: dict, condition=None) -> Order:
        require_perm(info, CHANGE_STATUS)
        _unchanged(selectors.order_get(order_id=input["id"]), input)
        return services.order_change_status(order_id=input["id"], status=_status(input["status"]).value,
                                            condition=condition_predicate(condition, order_values))
