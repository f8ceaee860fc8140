from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The GraphQL door; an app only so its `graphql_schema` command replaces graphene-django's."""

    name = "api"
    verbose_name = "GraphQL API"
