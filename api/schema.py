"""The schema: each app's queries and mutations, in the shape of an Amplify-generated AppSync API."""

from __future__ import annotations

import graphene

from api.accounts import AccountMutation, AccountQuery
from api.cart import CartMutation, CartQuery
from api.catalog import CatalogMutation, CatalogQuery
from api.orders import OrdersMutation, OrdersQuery


class Query(CatalogQuery, CartQuery, OrdersQuery, AccountQuery, graphene.ObjectType):
    pass


class Mutation(CatalogMutation, CartMutation, OrdersMutation, AccountMutation, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)


def sdl() -> str:
    """The schema in SDL, as exported to schema.graphql by `manage.py graphql_schema`."""
    return str(schema).rstrip() + "\n"
