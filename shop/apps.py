from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ShopConfig(AppConfig):
    name = "shop"
    verbose_name = "Shop"

    def ready(self) -> None:
        from storage.metrics import count_sql_queries

        # SQL queries count as storage calls in the request log and the call-budget tests.
        connection_created.connect(count_sql_queries, dispatch_uid="storage.count_sql_queries")
