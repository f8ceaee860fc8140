"""The Subscription type, as an Amplify `@model` schema generates it (onCreate/onUpdate/onDelete<Type>).

A subscription field resolves to the record an event carries (the root value `deliver` executes the
subscriber's document with), so the selection set shapes the payload exactly as a query would, through
the very same object types. Who may subscribe to what is checked when the subscription starts
(api.realtime.subscriptions.authorize); the filter is checked per event (api.realtime.subscriptions).
"""

from __future__ import annotations

import graphene

from api.cart import CartItemType
from api.catalog import CategoryType, ProductType
from api.filters import (
    ModelSubscriptionBooleanInput,
    ModelSubscriptionFloatInput,
    ModelSubscriptionIDInput,
    ModelSubscriptionIntInput,
    ModelSubscriptionStringInput,
    subscription_filter_input,
)
from api.orders import OrderType

ModelSubscriptionProductFilterInput = subscription_filter_input("ModelSubscriptionProductFilterInput", {
    "id": ModelSubscriptionIDInput(), "name": ModelSubscriptionStringInput(), "slug": ModelSubscriptionStringInput(),
    "description": ModelSubscriptionStringInput(), "price": ModelSubscriptionFloatInput(),
    "original_price": ModelSubscriptionFloatInput(), "category": ModelSubscriptionStringInput(),
    "category_id": ModelSubscriptionIDInput(), "image_url": ModelSubscriptionStringInput(),
    "stock": ModelSubscriptionIntInput(), "in_stock": ModelSubscriptionBooleanInput(),
    "featured": ModelSubscriptionBooleanInput(), "is_new": ModelSubscriptionBooleanInput(),
    "on_sale": ModelSubscriptionBooleanInput(), "rating": ModelSubscriptionFloatInput(),
    "active": ModelSubscriptionBooleanInput(), "created_at": ModelSubscriptionStringInput(),
    "updated_at": ModelSubscriptionStringInput(),
})
ModelSubscriptionCategoryFilterInput = subscription_filter_input("ModelSubscriptionCategoryFilterInput", {
    "id": ModelSubscriptionIDInput(), "name": ModelSubscriptionStringInput(), "slug": ModelSubscriptionStringInput(),
    "description": ModelSubscriptionStringInput(), "image_url": ModelSubscriptionStringInput(),
    "product_count": ModelSubscriptionIntInput(), "created_at": ModelSubscriptionStringInput(),
    "updated_at": ModelSubscriptionStringInput(),
})
ModelSubscriptionOrderFilterInput = subscription_filter_input("ModelSubscriptionOrderFilterInput", {
    "id": ModelSubscriptionIDInput(), "user_id": ModelSubscriptionIDInput(),
    "customer_email": ModelSubscriptionStringInput(), "customer_name": ModelSubscriptionStringInput(),
    "total_amount": ModelSubscriptionFloatInput(), "status": ModelSubscriptionStringInput(),
    "shipping_address": ModelSubscriptionStringInput(), "created_at": ModelSubscriptionStringInput(),
    "updated_at": ModelSubscriptionStringInput(),
})
ModelSubscriptionCartItemFilterInput = subscription_filter_input("ModelSubscriptionCartItemFilterInput", {
    "id": ModelSubscriptionIDInput(), "product_id": ModelSubscriptionIDInput(),
    "quantity": ModelSubscriptionIntInput(), "user_id": ModelSubscriptionIDInput(),
    "created_at": ModelSubscriptionStringInput(), "updated_at": ModelSubscriptionStringInput(),
})

# field name -> (type name, action, GraphQL type, filter input): one row per subscription Amplify generates.
FIELDS = {
    f"on{verb}{name}": (name, action, object_type, filter_type)
    for name, object_type, filter_type, verbs in (
        ("Product", ProductType, ModelSubscriptionProductFilterInput, ("Create", "Update", "Delete")),
        ("Category", CategoryType, ModelSubscriptionCategoryFilterInput, ("Create", "Update", "Delete")),
        ("Order", OrderType, ModelSubscriptionOrderFilterInput, ("Create", "Update")),
        ("CartItem", CartItemType, ModelSubscriptionCartItemFilterInput, ("Create", "Update", "Delete")),
    )
    for verb, action in ((verb, verb.lower()) for verb in verbs)
}


def _the_event(root, _info, **_arguments):
    return root


def _field(object_type, filter_type) -> graphene.Field:
    return graphene.Field(object_type, filter=filter_type(), resolver=_the_event)


Subscription = type("Subscription", (graphene.ObjectType,), {
    # graphene names fields in camelCase from snake_case attribute names.
    "".join("_" + c.lower() if c.isupper() else c for c in field): _field(object_type, filter_type)
    for field, (_name, _action, object_type, filter_type) in FIELDS.items()
})
