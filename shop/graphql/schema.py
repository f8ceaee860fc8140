"""The schema: each app's queries and mutations, in the shape of an Amplify-generated AppSync API."""

from __future__ import annotations

import graphene

from cart.graphql import CartMutation, CartQuery
from catalog.graphql import CatalogMutation, CatalogQuery
from orders.graphql import OrdersMutation, OrdersQuery
from shop.graphql.accounts import AccountMutation


class Query(CatalogQuery, CartQuery, OrdersQuery, graphene.ObjectType):
    pass


class Mutation(CatalogMutation, CartMutation, OrdersMutation, AccountMutation, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)


def sdl() -> str:
    """The schema in SDL, as exported to schema.graphql by `manage.py graphql_schema`."""
    return str(schema).rstrip() + "\n"
