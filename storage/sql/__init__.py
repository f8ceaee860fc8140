"""SQLite (any Django database) backend: the unit of work is one `transaction.atomic` block."""

from __future__ import annotations

from django.db import connection, transaction

from cart.models import CartItemRecord
from catalog.models import CategoryRecord, ProductRecord
from core.errors import StaleWrite, StockShortage
from orders.models import OrderRecord
from storage.base import UnitOfWork
from storage.sql.cart import SqlCartRepository
from storage.sql.catalog import SqlCategoryRepository, SqlProductRepository
from storage.sql.orders import SqlOrderRepository


class SqlUnitOfWork(UnitOfWork):
    def __init__(self) -> None:
        self.categories = SqlCategoryRepository()
        self.products = SqlProductRepository()
        self.carts = SqlCartRepository()
        self.orders = SqlOrderRepository()

    def _begin(self) -> None:
        # Conditional updates run at once inside the transaction; their failures are collected
        # and raised at commit, the same moment DynamoDB's TransactWriteItems would refuse.
        self.products.shortages.clear()
        self.orders.lost_races.clear()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()

    def _commit(self) -> None:
        if self.products.shortages:
            raise StockShortage(list(self.products.shortages))
        if self.orders.lost_races:
            raise StaleWrite("order", self.orders.lost_races[0])

    def _end(self, *, commit_done: bool) -> None:
        if not commit_done:
            transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _after_commit(self, callbacks) -> None:
        # Inside an outer atomic block (a test, a caller's transaction) the rows are not durable yet:
        # Django runs these when the outermost block commits, and drops them if it rolls back.
        for callback in callbacks:
            transaction.on_commit(callback)

    def delete_all(self) -> None:
        with transaction.atomic():
            OrderRecord.objects.all().delete()
            CartItemRecord.objects.all().delete()
            ProductRecord.objects.all().delete()
            CategoryRecord.objects.all().delete()

    def ping(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM catalog_category LIMIT 1")
