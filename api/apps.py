from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The GraphQL door. An app for its `graphql_schema` command (which replaces graphene-django's), the
    real-time bus's table, and to connect the real-time publisher to the domain events."""

    name = "api"
    verbose_name = "GraphQL API"

    def ready(self) -> None:
        from api.realtime import publisher

        publisher.connect()
