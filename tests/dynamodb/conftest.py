"""Every test here runs the shop on DynamoDB (moto's server over HTTP), with empty tables."""

from __future__ import annotations

import pytest


@pytest.fixture
def dynamodb(settings, db, dynamodb_tables) -> str:
    settings.SHOP_STORAGE = "dynamodb"
    return dynamodb_tables
