"""Subscriptions: starting one (parse, validate, authorize) and rendering an event for it.

An event is rendered by executing the subscriber's own document with the event's record as the root
value, under the subscriber's authorization, so the payload has exactly the selected fields. Who may
subscribe to what, as in the GraphQL API:
- Product and Category: any caller who may read the public catalog (an API key, a user, staff, a service
  token), and the shop's own pages over a same-origin connection;
- Order: a signed-in user gets their own orders; staff with orders.view_orderrecord get all of them;
- CartItem: a signed-in user gets their own cart's lines.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)
from graphql.execution.values import get_argument_values, get_variable_values

from api.auth import Caller
from api.cart import item_values
from api.catalog import category_values, product_values
from api.filters import matches
from api.limits import LIMIT_RULES
from api.orders import VIEW_ALL, order_values
from api.realtime.schema import FIELDS
from api.schema import schema
from cart.domain import CartItem, owner_user_id
from cart.selectors import CartLine
from catalog import selectors as catalog_selectors
from catalog.domain import Category, Product
from core.errors import NotFound
from orders.domain import Order

PUBLIC_TYPES = frozenset({"Product", "Category"})


class SubscriptionError(Exception):
    """A start refused, with AppSync's errorType; it ends that subscription, never the connection."""

    def __init__(self, error_type: str, message: str):
        super().__init__(message)
        self.error_type = error_type
        self.message = message


@dataclass(eq=False)
class Subscription:
    id: str
    field: str
    type_name: str
    document: DocumentNode
    variables: dict | None
    operation_name: str | None
    filter: dict | None
    caller: Caller
    send: Callable[[dict], None] = field(repr=False)


def start(sub_id: str, payload: object, caller: Caller, send: Callable[[dict], None]) -> Subscription:
    """A validated, authorized subscription from a `start` message's payload, or SubscriptionError."""
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), str):
        raise SubscriptionError("BadRequestException", "start needs payload.data: a JSON string {query, variables}.")
    try:
        request = json.loads(payload["data"])
    except ValueError:
        raise SubscriptionError("BadRequestException", "payload.data is not JSON.") from None
    query, variables = (request.get("query"), request.get("variables")) if isinstance(request, dict) else (None, None)
    operation_name = request.get("operationName") if isinstance(request, dict) else None
    if not isinstance(query, str) or not (variables is None or isinstance(variables, dict)):
        raise SubscriptionError("BadRequestException", "payload.data needs a query string and variables object.")
    try:
        document = parse(query)
    except GraphQLError as error:
        raise SubscriptionError("ValidationError", error.message) from None
    errors = validate(schema.graphql_schema, document, specified_rules) or validate(
        schema.graphql_schema, document, LIMIT_RULES)
    if errors:
        raise SubscriptionError("ValidationError", "; ".join(error.message for error in errors))
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation is not OperationType.SUBSCRIPTION:
        raise SubscriptionError("ValidationError", "Send one subscription operation (and its operationName if "
                                                   "the document has several).")
    fields = [node for node in operation.selection_set.selections if isinstance(node, FieldNode)]
    if len(fields) != 1 or len(operation.selection_set.selections) != 1:
        raise SubscriptionError("ValidationError", "A subscription selects exactly one field.")
    name = fields[0].name.value
    if name not in FIELDS:
        raise SubscriptionError("ValidationError", f"Unknown subscription {name}.")
    type_name = FIELDS[name][0]
    if not _may_subscribe(caller, type_name):
        raise SubscriptionError("UnauthorizedException", f"Not Authorized to access {name} on type Subscription")
    coerced = get_variable_values(schema.graphql_schema, operation.variable_definitions or [], variables or {})
    if isinstance(coerced, list):  # variable errors
        raise SubscriptionError("ValidationError", "; ".join(error.message for error in coerced))
    field_def = schema.graphql_schema.subscription_type.fields[name]
    arguments = get_argument_values(field_def, fields[0], coerced)
    return Subscription(id=sub_id, field=name, type_name=type_name, document=document, variables=variables,
                        operation_name=operation_name, filter=arguments.get("filter"), caller=caller, send=send)


def _may_subscribe(caller: Caller, type_name: str) -> bool:
    if type_name in PUBLIC_TYPES:
        return caller.can_read_public()
    if type_name == "Order":
        return caller.is_user or caller.has_perm(VIEW_ALL)
    return caller.is_user  # CartItem


def may_receive(sub: Subscription, record: object) -> bool:
    """Whether this subscriber may see this record: their own orders and cart lines only, and a hidden
    (inactive) product only if they are staff who may view products, as in the API's reads."""
    if isinstance(record, Product) and not record.active:
        return sub.caller.has_perm("catalog.view_productrecord")
    if isinstance(record, Order):
        return sub.caller.has_perm(VIEW_ALL) or (sub.caller.is_user and record.user_id == sub.caller.user_id)
    if isinstance(record, CartItem):
        return sub.caller.is_user and owner_user_id(record.owner) == sub.caller.user_id
    return True


def values_of(record: object, names: Callable[[], dict[str, str]]) -> dict[str, object]:
    """The record as filters see it (the same values the API's list filters use)."""
    if isinstance(record, Product):
        return product_values(record, names())
    if isinstance(record, Category):
        return category_values(record)
    if isinstance(record, Order):
        return order_values(record)
    return item_values(record)


def render(sub: Subscription, record: object) -> dict | None:
    """The `data` of a `data` message for this subscriber, or None when its filter does not match."""
    if not may_receive(sub, record):
        return None
    context = SimpleNamespace(graphql_caller=sub.caller)
    if sub.filter and not matches(sub.filter, values_of(record, lambda: _category_names(context))):
        return None
    result = execute(schema.graphql_schema, sub.document, root_value=_root(record), context_value=context,
                     variable_values=sub.variables, operation_name=sub.operation_name)
    if result.errors:
        raise result.errors[0]
    return result.data


def _category_names(context: SimpleNamespace) -> dict[str, str]:
    from api.catalog import category_names

    return category_names(SimpleNamespace(context=context))


def _root(record: object) -> object:
    """What the object types resolve from: a cart line carries its product (None once it is gone)."""
    if isinstance(record, CartItem):
        try:
            product = catalog_selectors.product_get(product_id=record.product_id)
        except NotFound:
            product = None
        return CartLine(item=record, product=product)
    return record
