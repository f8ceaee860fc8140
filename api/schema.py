"""The schema: each app's queries and mutations, in the shape of an Amplify-generated AppSync API."""

from __future__ import annotations

import graphene

from api.accounts import AccountMutation, AccountQuery
from api.cart import CartMutation, CartQuery
from api.catalog import CatalogMutation, CatalogQuery
from api.orders import OrdersMutation, OrdersQuery
from api.realtime.schema import Subscription


class Query(CatalogQuery, CartQuery, OrdersQuery, AccountQuery, graphene.ObjectType):
    pass


class Mutation(CatalogMutation, CartMutation, OrdersMutation, AccountMutation, graphene.ObjectType):
    pass


# Subscriptions are served over WebSocket at /graphql/realtime (api/realtime/), not by POST /graphql.
schema = graphene.Schema(query=Query, mutation=Mutation, subscription=Subscription)


def sdl() -> str:
    """The schema in SDL, as exported to schema.graphql by `manage.py graphql_schema`."""
    return str(schema).rstrip() + "\n"
