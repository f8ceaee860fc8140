"""The signed-in user's cart in the GraphQL API. A user only ever sees or changes their own items."""

from __future__ import annotations

import graphene

from api.auth import Caller, require_user
from api.catalog import ProductType
from api.filters import ModelIDInput, ModelIntInput, ModelStringInput, filter_input, matches
from api.paging import clean_limit, filtered_page, in_memory, list_arguments
from api.scalars import AWSDateTime, iso_utc
from cart import services
from cart.domain import owner_user_id
from cart.selectors import CartLine, cart_get
from catalog.selectors import product_get
from core.errors import NotFound


def _user_id(line: CartLine) -> str | None:
    return owner_user_id(line.item.owner)


class CartItemType(graphene.ObjectType):
    class Meta:
        name = "CartItem"

    id = graphene.ID(required=True)
    product_id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)
    user_id = graphene.ID(required=True)
    created_at = AWSDateTime(required=True)
    product = graphene.Field(ProductType)

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
    def resolve_user_id(line: CartLine, _info) -> str:
        return _user_id(line)

    @staticmethod
    def resolve_created_at(line: CartLine, _info):
        return line.item.created_at


class ModelCartItemConnection(graphene.ObjectType):
    items = graphene.NonNull(graphene.List(CartItemType))
    next_token = graphene.String()


ModelCartItemFilterInput = filter_input("ModelCartItemFilterInput", {
    "id": ModelIDInput(), "product_id": ModelIDInput(), "quantity": ModelIntInput(), "user_id": ModelIDInput(),
    "created_at": ModelStringInput(),
})


def _values(line: CartLine) -> dict[str, object]:
    return {"id": line.item.id, "product_id": line.item.product_id, "quantity": line.item.quantity,
            "user_id": _user_id(line), "created_at": iso_utc(line.item.created_at)}


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
            in_memory(_own_lines(caller)), lambda line: matches(filter, _values(line)),
            scope=f"cart|{caller.cart_owner}", token=next_token, limit=limit, page_size=limit,
        )
        return ModelCartItemConnection(items=items, next_token=token)


class CreateCartItemInput(graphene.InputObjectType):
    product_id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)
    # Accepted for compatibility with Amplify clients and ignored: the owner is always the caller.
    id = graphene.ID()
    user_id = graphene.ID()


class UpdateCartItemInput(graphene.InputObjectType):
    id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)


class DeleteCartItemInput(graphene.InputObjectType):
    id = graphene.ID(required=True)


def _require_own_line(caller: Caller, item_id: str) -> CartLine:
    line = _own_line(caller, item_id)
    if line is None:
        raise NotFound("That item is not in your cart.")
    return line


class CartMutation(graphene.ObjectType):
    create_cart_item = graphene.Field(
        CartItemType, input=CreateCartItemInput(required=True),
        description="Adds to the caller's cart (quantities of the same product add up, capped at stock).",
    )
    update_cart_item = graphene.Field(CartItemType, input=UpdateCartItemInput(required=True))
    delete_cart_item = graphene.Field(CartItemType, input=DeleteCartItemInput(required=True))

    @staticmethod
    def resolve_create_cart_item(_root, info, input: dict) -> CartLine:
        caller = require_user(info)
        change = services.cart_add(owner=caller.cart_owner, product_id=input["product_id"], quantity=input["quantity"])
        return CartLine(item=change.item, product=product_get(product_id=change.item.product_id))

    @staticmethod
    def resolve_update_cart_item(_root, info, input: dict) -> CartLine:
        caller = require_user(info)
        line = _require_own_line(caller, input["id"])
        change = services.cart_set_quantity(
            owner=caller.cart_owner, product_id=line.item.product_id, quantity=input["quantity"]
        )
        return CartLine(item=change.item, product=line.product)

    @staticmethod
    def resolve_delete_cart_item(_root, info, input: dict) -> CartLine:
        caller = require_user(info)
        line = _require_own_line(caller, input["id"])
        services.cart_remove(owner=caller.cart_owner, product_id=line.item.product_id)
        return line
