"""The signed-in user's cart in the GraphQL API. A user only ever sees or changes their own items.

`userId` is the owner's public id (accounts.Identity): a client may send its own (or none) in an
input; anybody else's is Unauthorized.
"""

from __future__ import annotations

import graphene

from api.auth import Caller, authorize, require_user
from api.catalog import ProductType
from api.filters import (
    ModelIDInput,
    ModelIntInput,
    ModelStringInput,
    condition_input,
    condition_predicate,
    filter_input,
    matches,
)
from api.paging import clean_limit, filtered_page, in_memory, list_arguments
from api.scalars import AWSDateTime, iso_utc
from cart import services
from cart.domain import CartItem, owner_user_id
from cart.selectors import CartLine, cart_get
from catalog.selectors import product_get
from core.errors import NotFound, ValidationError


class CartItemType(graphene.ObjectType):
    class Meta:
        name = "CartItem"

    id = graphene.ID(required=True)
    product_id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)
    user_id = graphene.ID(required=True, description="The owner's public id (what `me { id }` returns).")
    created_at = AWSDateTime(required=True)
    updated_at = AWSDateTime(required=True)
    product = graphene.Field(ProductType, description="Null when the product was deleted or hidden since.")

    @staticmethod
    def resolve_id(line: CartLine, _info) -> str:
        return line.item.id

    @staticmethod
    def resolve_product_id(line: CartLine, _info) -> str:
        return line.item.product_id

    @staticmethod
    def resolve_quantity(line: CartLine, _info) -> int:
        return line.item.quantity

    @staticmethod
    def resolve_user_id(line: CartLine, _info) -> str | None:
        return owner_user_id(line.item.owner)

    @staticmethod
    def resolve_created_at(line: CartLine, _info):
        return line.item.created_at

    @staticmethod
    def resolve_updated_at(line: CartLine, _info):
        return line.item.updated_at


class ModelCartItemConnection(graphene.ObjectType):
    items = graphene.NonNull(graphene.List(CartItemType))
    next_token = graphene.String()


def _fields() -> dict:
    return {"id": ModelIDInput(), "product_id": ModelIDInput(), "quantity": ModelIntInput(),
            "user_id": ModelIDInput(), "created_at": ModelStringInput(), "updated_at": ModelStringInput()}


ModelCartItemFilterInput = filter_input("ModelCartItemFilterInput", _fields())
ModelCartItemConditionInput = condition_input("ModelCartItemConditionInput", _fields())


def item_values(item: CartItem) -> dict[str, object]:
    return {"id": item.id, "product_id": item.product_id, "quantity": item.quantity,
            "user_id": owner_user_id(item.owner), "created_at": iso_utc(item.created_at),
            "updated_at": iso_utc(item.updated_at)}


def _own_lines(caller: Caller) -> list[CartLine]:
    """Every line of the caller's cart; one whose product is gone has `product` null, so it can be deleted."""
    cart = cart_get(owner=caller.cart_owner)
    return cart.lines + cart.unavailable


def _own_line(caller: Caller, item_id: str) -> CartLine | None:
    return next((line for line in _own_lines(caller) if line.item.id == item_id), None)


class CartQuery(graphene.ObjectType):
    get_cart_item = graphene.Field(CartItemType, id=graphene.ID(required=True))
    list_cart_items = graphene.Field(
        ModelCartItemConnection, **list_arguments(ModelCartItemFilterInput)
    )

    @staticmethod
    def resolve_get_cart_item(_root, info, id: str) -> CartLine | None:
        return _own_line(require_user(info), id)

    @staticmethod
    def resolve_list_cart_items(_root, info, filter=None, limit=None, next_token=None) -> ModelCartItemConnection:
        caller = require_user(info)
        limit = clean_limit(limit)
        items, token = filtered_page(
            in_memory(_own_lines(caller)), lambda line: matches(filter, item_values(line.item)),
            scope=f"cart|{caller.cart_owner}", token=next_token, limit=limit, page_size=limit,
        )
        return ModelCartItemConnection(items=items, next_token=token)


class CreateCartItemInput(graphene.InputObjectType):
    id = graphene.ID(description="A client-chosen id for a new line (a UUID); unique within the cart.")
    product_id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)
    user_id = graphene.ID(description="The caller's own public id, or nothing; anybody else's is Unauthorized.")


class UpdateCartItemInput(graphene.InputObjectType):
    id = graphene.ID(required=True)
    product_id = graphene.ID(description="If sent, the line's own product (a line never changes product).")
    quantity = graphene.Int()
    user_id = graphene.ID()


class DeleteCartItemInput(graphene.InputObjectType):
    id = graphene.ID(required=True)


def _require_own_line(caller: Caller, item_id: str) -> CartLine:
    line = _own_line(caller, item_id)
    if line is None:
        raise NotFound("That item is not in your cart.")
    return line


def _caller_owns(info, caller: Caller, user_id: object) -> None:
    """A userId in an input must be the caller's own: a client cannot write into someone else's cart."""
    authorize(info, user_id is None or user_id == caller.user_id)


class CartMutation(graphene.ObjectType):
    create_cart_item = graphene.Field(
        CartItemType, input=CreateCartItemInput(required=True), condition=ModelCartItemConditionInput(),
        description="Adds to the caller's cart (quantities of the same product add up, capped at stock).",
    )
    update_cart_item = graphene.Field(CartItemType, input=UpdateCartItemInput(required=True),
                                      condition=ModelCartItemConditionInput())
    delete_cart_item = graphene.Field(CartItemType, input=DeleteCartItemInput(required=True),
                                      condition=ModelCartItemConditionInput())

    @staticmethod
    def resolve_create_cart_item(_root, info, input: dict, condition=None) -> CartLine:
        caller = require_user(info)
        _caller_owns(info, caller, input.get("user_id"))
        change = services.cart_add(owner=caller.cart_owner, product_id=input["product_id"], quantity=input["quantity"],
                                   item_id=input.get("id"), condition=condition_predicate(condition, item_values))
        return CartLine(item=change.item, product=product_get(product_id=change.item.product_id))

    @staticmethod
    def resolve_update_cart_item(_root, info, input: dict, condition=None) -> CartLine:
        caller = require_user(info)
        _caller_owns(info, caller, input.get("user_id"))
        line = _require_own_line(caller, input["id"])
        if input.get("product_id") not in (None, line.item.product_id):
            raise ValidationError("A cart line keeps its product; delete it and create another.", field="product_id")
        if input.get("quantity") is None:
            raise ValidationError("quantity is required.", field="quantity")
        change = services.cart_set_quantity(owner=caller.cart_owner, product_id=line.item.product_id,
                                            quantity=input["quantity"],
                                            condition=condition_predicate(condition, item_values))
        return CartLine(item=change.item, product=line.product)

    @staticmethod
    def resolve_delete_cart_item(_root, info, input: dict, condition=None) -> CartLine:
        caller = require_user(info)
        line = _require_own_line(caller, input["id"])
        removed = services.cart_remove(owner=caller.cart_owner, product_id=line.item.product_id,
                                       condition=condition_predicate(condition, item_values))
        return CartLine(item=removed, product=line.product)
