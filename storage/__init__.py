"""Chooses the storage backend named by settings.SHOP_STORAGE ("sqlite" or "dynamodb")."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from storage.base import UnitOfWork

BACKENDS = {
    "sqlite": "storage.sql.SqlUnitOfWork",
    "dynamodb": "storage.dynamodb.DynamoUnitOfWork",
}


def unit_of_work() -> UnitOfWork:
    return import_string(BACKENDS[settings.SHOP_STORAGE])()
